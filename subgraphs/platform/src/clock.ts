/**
 * The time every rule reads (deadlines, periods that end, overdue items, dates of records). Real time,
 * unless a test moves it with {@link setClockOffset}, so that a period can end or an item become
 * overdue without waiting days. Code never calls `new Date()` for "now": it asks the clock.
 */
let offsetMs = 0;

export const clock = {
  now: (): Date => new Date(Date.now() + offsetMs),
};

/** Tests only: shifts `clock.now()` by `ms` (0 to reset). */
export function setClockOffset(ms: number): void {
  offsetMs = ms;
}

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

/** `days` whole days after `at` (negative: before). */
export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}
