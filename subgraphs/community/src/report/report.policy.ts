import { covers, isCommunityOfficerOf, isRole, type Placement } from '@cso/contracts';
import { clock, ForbiddenError, type Caller } from '@cso/platform';
import type { Organization } from '../organization/organization.entity.js';
import type { MajorActivityReport } from './report.entity.js';
import { ReportLevel, WAITING_STATUSES, type ReportStatus } from './report.enums.js';

/**
 * The rules of major-activity reports: when a report is overdue, who reads it, who reports and
 * who reviews. Each rule is a named function; where a query needs it, its SQL twin stands beside
 * it and must agree with it (report.service.test.ts checks both on the same rows).
 */

export function reportPlacement(r: MajorActivityReport): Placement {
  return { districtId: r.districtId, streetId: r.streetId, communityId: r.communityId, organizationId: r.organizationId };
}

/**
 * 超期 A report is overdue when the level holding it is still expected to respond (SUBMITTED,
 * AT_STREET, AT_DISTRICT) and its due time has passed. The one overdue predicate: the `overdue`
 * field, the list filter, who sees a report and the statistics all use it or its SQL twin.
 */
export function isOverdue(r: { status: ReportStatus; levelDueAt: Date }, now = clock.now()): boolean {
  return WAITING_STATUSES.includes(r.status) && r.levelDueAt.getTime() < now.getTime();
}

/** The SQL twin of {@link isOverdue}, over the columns of `major_activity_report`. */
export function overdueCondition(now: Date): { sql: string; params: unknown[] } {
  return {
    sql: `(status in (${WAITING_STATUSES.map((s) => `'${s}'`).join(', ')}) and level_due_at < ?)`,
    params: [now],
  };
}

/**
 * Who reads a report: its organization's leader and community; the street once the report reached
 * it or is overdue at the community; the district once it reached the district or is overdue at the
 * street (the level above sees overdue items); analysts of the district.
 */
export function canReadReport(caller: Caller, r: MajorActivityReport, now = clock.now()): boolean {
  if (!covers(caller, reportPlacement(r))) return false;
  const overdue = isOverdue(r, now);
  if (isRole(caller, 'STREET_OFFICER'))
    return r.reachedStreetAt !== null || (overdue && r.currentLevel === ReportLevel.COMMUNITY);
  if (isRole(caller, 'DISTRICT_OFFICER'))
    return r.reachedDistrictAt !== null || (overdue && r.currentLevel === ReportLevel.STREET);
  return true;
}

export function assertCanReadReport(caller: Caller, r: MajorActivityReport): void {
  if (!canReadReport(caller, r))
    throw new ForbiddenError(`Major-activity report ${r.id} is outside your jurisdiction`, 'JURISDICTION');
}

/** The SQL twin of {@link canReadReport}, for lists. */
export function readableReports(caller: Caller, now: Date): { sql: string; params: unknown[] } {
  if (caller.kind !== 'user') return { sql: 'false', params: [] };
  const overdue = overdueCondition(now);
  const overdueAt = (level: ReportLevel) => `(current_level = '${level}' and ${overdue.sql})`;
  switch (caller.role) {
    case 'DISTRICT_OFFICER':
      return {
        sql: `district_id = ? and (reached_district_at is not null or ${overdueAt(ReportLevel.STREET)})`,
        params: [caller.districtId, ...overdue.params],
      };
    case 'ANALYST':
      return { sql: 'district_id = ?', params: [caller.districtId] };
    case 'STREET_OFFICER':
      return {
        sql: `street_id = ? and (reached_street_at is not null or ${overdueAt(ReportLevel.COMMUNITY)})`,
        params: [caller.streetId, ...overdue.params],
      };
    case 'COMMUNITY_OFFICER':
      return { sql: 'community_id = ?', params: [caller.communityId] };
    case 'ORG_LEADER':
      return { sql: 'organization_id = ?', params: [caller.organizationId] };
  }
}

/** Who reports an organization's major activities: its leader or its community officer. */
export function assertCanReportFor(caller: Caller, org: Organization): void {
  const allowed =
    (isRole(caller, 'ORG_LEADER') && caller.organizationId === org.id) || isCommunityOfficerOf(caller, org.community);
  if (!allowed)
    throw new ForbiddenError('Only the organization’s leader or its community officer reports its activities', 'JURISDICTION');
}

/** 社区审核 The community committee of the report's organization reviews it here. */
export function assertCanReviewReport(caller: Caller, r: MajorActivityReport): void {
  if (!isCommunityOfficerOf(caller, r.communityId))
    throw new ForbiddenError('Only the community committee of the organization reviews its reports here', 'JURISDICTION');
}
