import { isDistrictOfficerOf } from '@cso/contracts';
import { ForbiddenError, type Caller, type SignedInCaller } from '@cso/platform';

/**
 * 区协会 A district and its association are public (names, the list of districts). What the
 * association decides (policies, cancellations, the blacklist, inspections, credit, awards, report
 * decisions) and what it keeps for itself (the blacklist, its audit trail) is for the officers of
 * that district: the one "officer of this district" rule, which each context names in its own
 * policy with its own message.
 */
export function assertOfficerOfDistrict(
  caller: Caller,
  districtId: string,
  message: string,
  rule = 'JURISDICTION',
): asserts caller is SignedInCaller {
  if (!isDistrictOfficerOf(caller, districtId)) throw new ForbiddenError(message, rule);
}
