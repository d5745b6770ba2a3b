import { randomUUID } from 'node:crypto';
import { analyst, districtOfficer, PUBLIC, refusalOf } from '../__tests__/callers.js';
import { assertMayReadAuditTrail } from './audit.policy.js';

const districtId = randomUUID();

it('the district tier’s audit trail (审计记录) is read by the officers of that district, and nobody else', () => {
  expect(refusalOf(() => assertMayReadAuditTrail(districtOfficer(districtId), districtId))).toBeNull();
  for (const caller of [districtOfficer(randomUUID()), analyst(districtId), PUBLIC])
    expect(refusalOf(() => assertMayReadAuditTrail(caller, districtId))).toEqual({
      code: 'FORBIDDEN',
      rule: 'AUDIT_DISTRICT_OFFICERS',
    });
});
