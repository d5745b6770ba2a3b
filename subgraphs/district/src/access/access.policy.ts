import type { Caller } from '@cso/platform';
import { assertOfficerOfDistrict } from '../district/district.policy.js';

/** 吊销 Access is revoked by the officers of a district association (for a token or a person of their work). */
export function assertMayRevokeAccess(caller: Caller, districtId: string): void {
  assertOfficerOfDistrict(caller, districtId, 'Only the officers of this district association revoke access');
}
