import { isDistrictOfficerOf } from '@cso/contracts';
import { ForbiddenError, type Caller } from '@cso/platform';

/** 审计 This tier's audit trail of a district is read by that district association's officers only. */
export function assertMayReadAuditTrail(caller: Caller, districtId: string): void {
  if (!isDistrictOfficerOf(caller, districtId))
    throw new ForbiddenError('The audit trail is for the officers of this district', 'AUDIT_DISTRICT_OFFICERS');
}
