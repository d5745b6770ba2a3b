import { assertCovers, covers, type Placement } from '@cso/contracts';
import { ConflictError, type Caller, type SignedInCaller } from '@cso/platform';
import { assertOfficerOfDistrict } from '../district/district.policy.js';
import type { DistrictReport } from './report.entity.js';

/** 重大活动汇报 The district's rules on the reports that reach it. */

export function placementOf(row: DistrictReport): Placement {
  return { districtId: row.districtId, streetId: row.streetId, communityId: row.communityId, organizationId: row.organizationId };
}

/** The district's decision on a report is read by every signed-in user whose jurisdiction covers the report. */
export function mayReadDistrictReview(caller: Caller, row: DistrictReport): boolean {
  return covers(caller, placementOf(row));
}

export function assertMayReadDistrictReview(caller: Caller, row: DistrictReport): void {
  assertCovers(caller, placementOf(row), 'This report');
}

/** The officers of the report's district association decide it. */
export function assertMayDecideReport(caller: Caller, row: DistrictReport): asserts caller is SignedInCaller {
  assertOfficerOfDistrict(caller, row.districtId, 'Only the officers of the district association decide its reports');
}

/** The district decides each round once. */
export function assertUndecided(row: DistrictReport): void {
  if (row.decision)
    throw new ConflictError(
      `The district decided round ${row.round} of this report already (${row.decision})`,
      'ALREADY_DECIDED',
    );
}
