/**
 * The time the oversight rules read (deadlines, overdue items). Real time, unless a test moves it
 * forward with {@link setClockOffset}: overdue detection is tested without waiting days.
 */
let offsetMs = 0;

export const clock = {
  now: (): Date => new Date(Date.now() + offsetMs),
};

/** Tests only: shifts `clock.now()` by `ms` (0 to reset). */
export function setClockOffset(ms: number): void {
  offsetMs = ms;
}
