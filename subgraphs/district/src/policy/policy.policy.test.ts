import { randomUUID } from 'node:crypto';
import { analyst, districtOfficer, PUBLIC, refusalOf, streetOfficer } from '../__tests__/callers.js';
import { assertMaySetPolicies } from './policy.policy.js';

const districtId = randomUUID();

describe('the district’s policy values (区级政策参数)', () => {
  it('are set by the officers of that district association only', () => {
    expect(refusalOf(() => assertMaySetPolicies(districtOfficer(districtId), districtId))).toBeNull();
    for (const caller of [districtOfficer(randomUUID()), analyst(districtId), streetOfficer(randomUUID()), PUBLIC])
      expect(refusalOf(() => assertMaySetPolicies(caller, districtId))).toEqual({ code: 'FORBIDDEN', rule: 'JURISDICTION' });
  });
});
