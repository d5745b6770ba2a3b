/**
 * Calendar rules run in Asia/Shanghai (China Standard Time, UTC+8, no daylight saving since 1991):
 * the 10th of the month, the year of a record, "today" for a date of birth are Beijing dates,
 * whatever the server's own time zone.
 */
export const TIME_ZONE = 'Asia/Shanghai';

const parts = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Beijing calendar date of an instant, as YYYY-MM-DD. */
export function localDate(at: Date): string {
  return parts.format(at);
}

/** The Beijing year of an instant. */
export function localYear(at: Date): number {
  return Number(localDate(at).slice(0, 4));
}

/** The Beijing month of an instant, as YYYY-MM. */
export function localMonth(at: Date): string {
  return localDate(at).slice(0, 7);
}

const wallClock = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The offset of Beijing time from UTC at an instant, in minutes (480 today). */
function offsetMinutes(at: Date): number {
  const p = Object.fromEntries(wallClock.formatToParts(at).map((part) => [part.type, Number(part.value)]));
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return Math.round((wall - (at.getTime() - at.getUTCMilliseconds())) / 60_000);
}

/** The instant a Beijing wall-clock time happens: `zonedTime('2026-12-10', 23, 59, 59, 999)`. */
export function zonedTime(date: string, hour = 0, minute = 0, second = 0, ms = 0): Date {
  const guess = new Date(
    `${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}.${String(ms).padStart(3, '0')}Z`,
  );
  return new Date(guess.getTime() - offsetMinutes(guess) * 60_000);
}

/** The start of the Beijing day of an instant. */
export function startOfLocalDay(at: Date): Date {
  return zonedTime(localDate(at));
}

/** The first day of the month after `month` (YYYY-MM), as YYYY-MM-DD. */
export function firstDayOfNextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** The month `n` months after `month` (YYYY-MM; negative goes back). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
