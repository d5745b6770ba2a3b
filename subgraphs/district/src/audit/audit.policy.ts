import type { Caller, SignedInCaller } from '@cso/platform';
import { assertOfficerOfDistrict } from '../district/district.policy.js';

/** 审计 This tier's audit trail of a district is read by that district association's officers only. */
export function assertMayReadAuditTrail(caller: Caller, districtId: string): asserts caller is SignedInCaller {
  assertOfficerOfDistrict(caller, districtId, 'The audit trail is for the officers of this district', 'AUDIT_DISTRICT_OFFICERS');
}
