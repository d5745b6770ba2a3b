import { addDays, startOfLocalDay, textLength, type ProblemList } from '@cso/platform';

/**
 * The checks of a major-activity report's content. Malformed input is reported with `add`
 * (BAD_USER_INPUT); the district's lead-time policy with `rule` (POLICY_VIOLATION); all at once.
 */

export interface ReportFields {
  title?: string | null;
  description?: string | null;
  plannedStart?: Date | null;
  plannedEnd?: Date | null;
  location?: string | null;
  expectedParticipants?: number | null;
  safetyMeasures?: string | null;
}

/**
 * 提前报告 The earliest start of an activity reported at `now`: `leadDays` calendar days after
 * today in Beijing (reported on the 1st with 7 lead days, it may start any time from the 8th).
 */
export function earliestStart(now: Date, leadDays: number): Date {
  return startOfLocalDay(addDays(now, leadDays));
}

/** Field checks and the lead-time rule (the district's major-activity lead days), all at once. */
export function reportProblems(problems: ProblemList, fields: ReportFields, prefix: string, leadDays: number, now: Date): void {
  textLength(problems, `${prefix}.title`, fields.title, 4, 100);
  textLength(problems, `${prefix}.description`, fields.description, 10, 2000);
  textLength(problems, `${prefix}.location`, fields.location, 2, 200);
  textLength(problems, `${prefix}.safetyMeasures`, fields.safetyMeasures, 10, 2000);
  if (fields.expectedParticipants != null && (fields.expectedParticipants < 1 || fields.expectedParticipants > 100_000)) {
    problems.add(`${prefix}.expectedParticipants`, 'OUT_OF_RANGE', 'must be 1 to 100000');
  }
  if (fields.plannedStart && fields.plannedEnd && fields.plannedEnd <= fields.plannedStart) {
    problems.add(`${prefix}.plannedEnd`, 'BEFORE_START', 'must be after the planned start');
  }
  if (fields.plannedStart && fields.plannedStart.getTime() < earliestStart(now, leadDays).getTime()) {
    problems.rule(
      `${prefix}.plannedStart`,
      'LEAD_TIME',
      `a major activity is reported at least ${leadDays} days before it starts (district policy)`,
    );
  }
}
