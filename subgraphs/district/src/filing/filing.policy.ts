import { isDistrictOfficerOf, isRole } from '@cso/contracts';
import { ConflictError, ForbiddenError, type Caller, type SignedInCaller } from '@cso/platform';
import { assertOfficerOfDistrict } from '../district/district.policy.js';
import type { FiledOrganization } from './filing.entity.js';

/** 备案 The district's rules on the register: cancellation (取消备案资格) and the blacklist (失信名单). */

const OFFICERS_OF_THIS_DISTRICT = 'Only the officers of this district association do this';

/** The officers of the organization's district association cancel its filing. */
export function assertMayCancelFiling(caller: Caller, entry: FiledOrganization): asserts caller is SignedInCaller {
  assertOfficerOfDistrict(caller, entry.districtId, OFFICERS_OF_THIS_DISTRICT);
}

/** Only a FILED organization's filing is cancelled, and only once. */
export function assertCancellable(entry: FiledOrganization): void {
  if (entry.status === 'CANCELLED')
    throw new ConflictError('This organization’s filing is cancelled already', 'ALREADY_CANCELLED');
  if (entry.status !== 'FILED')
    throw new ConflictError(`Organization ${entry.organizationId} is ${entry.status}, not FILED`, 'NOT_FILED');
}

/** The officers of a district association blacklist a person in their district. */
export function assertMayBlacklist(caller: Caller, districtId: string): asserts caller is SignedInCaller {
  assertOfficerOfDistrict(caller, districtId, OFFICERS_OF_THIS_DISTRICT);
}

/** A district's blacklist is read by the officers of that district association only. */
export function mayReadBlacklist(caller: Caller, districtId: string): boolean {
  return isDistrictOfficerOf(caller, districtId);
}

export function assertMayReadBlacklist(caller: Caller, districtId: string): void {
  if (!mayReadBlacklist(caller, districtId))
    throw new ForbiddenError('The blacklist is for the officers of this district', 'JURISDICTION');
}

/** The SQL twin of {@link mayReadBlacklist}: the blacklist rows the caller may read (none for anyone else). */
export function readableBlacklist(caller: Caller): { sql: string; params: unknown[] } {
  return isRole(caller, 'DISTRICT_OFFICER')
    ? { sql: `"district_id" = ?`, params: [caller.districtId] }
    : { sql: 'false', params: [] };
}
