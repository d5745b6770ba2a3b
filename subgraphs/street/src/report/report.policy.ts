import { assertCovers, covers, isStreetOfficerOf, type Placement } from '@cso/contracts';
import { addDays, ForbiddenError, type Caller, type SignedInCaller } from '@cso/platform';
import type { StreetReport } from './report.entity.js';

/** The street's rules for major-activity reports (重大活动汇报). */

export function placementOf(row: StreetReport): Placement {
  return {
    districtId: row.districtId,
    streetId: row.streetId,
    communityId: row.communityId,
    organizationId: row.organizationId,
  };
}

/** 街道审核 A round that reached the street is reviewed by the officers of the report's own street branch. */
export function mayReviewReport(caller: Caller, row: StreetReport): boolean {
  return isStreetOfficerOf(caller, row.streetId);
}

export function assertMayReviewReport(caller: Caller, row: StreetReport): asserts caller is SignedInCaller {
  if (!mayReviewReport(caller, row))
    throw new ForbiddenError('Only the officers of the report’s street branch review it', 'JURISDICTION');
}

/** The street's review is read within the caller's jurisdiction (a leader: the own organization's). */
export function mayReadReportReview(caller: Caller, row: StreetReport): boolean {
  return covers(caller, placementOf(row));
}

/** UNAUTHENTICATED for the public, FORBIDDEN outside the caller's jurisdiction. */
export function assertMayReadReportReview(caller: Caller, row: StreetReport): void {
  assertCovers(caller, placementOf(row), 'This report');
}

/** 审核时限 A report the street forwards is due at the district the district's review days later. */
export function districtReviewDueAt(forwardedAt: Date, reviewResponseDays: number): Date {
  return addDays(forwardedAt, reviewResponseDays);
}
