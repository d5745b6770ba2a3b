import { keysetPage, SqlFilter, type Caller, type Page, type PageRequest } from '@cso/platform';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MajorActivityReport } from './report.entity.js';
import type { MajorActivityReportFilter } from './report.inputs.js';
import { overdueCondition, readableReports } from './report.policy.js';

/** A list filter checked and reduced to SQL conditions, within what the caller may read at `now`. */
export function reportConditions(caller: Caller, filter: MajorActivityReportFilter | null, now: Date) {
  const scope = readableReports(caller, now);
  const conditions = new SqlFilter()
    .add(`(${scope.sql})`, ...scope.params)
    .id('organizationId', 'organization_id', filter?.organizationId)
    .equals('status', filter?.status)
    .equals('current_level', filter?.level);
  const overdue = overdueCondition(now);
  if (filter?.overdue === true) conditions.add(overdue.sql, ...overdue.params);
  if (filter?.overdue === false) conditions.add(`not ${overdue.sql}`, ...overdue.params);
  return conditions.checked();
}

/** A page of major-activity reports matching the conditions, oldest submission first. */
export function reportPage(
  em: EntityManager,
  conditions: { where: string[]; params: unknown[] },
  request: PageRequest,
): Promise<Page<MajorActivityReport>> {
  return keysetPage(
    { em, entity: MajorActivityReport, table: 'major_activity_report', sortColumn: 'submitted_at', ...conditions },
    request,
  );
}
