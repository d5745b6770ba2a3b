import type { Caller, SignedInCaller } from '@cso/platform';
import { assertOfficerOfDistrict } from '../district/district.policy.js';

/**
 * 区级政策 The district's policy values are public: every tier applies them. The officers of that
 * district association set them.
 */
export function assertMaySetPolicies(caller: Caller, districtId: string): asserts caller is SignedInCaller {
  assertOfficerOfDistrict(caller, districtId, 'Only the officers of this district association set its policies');
}
