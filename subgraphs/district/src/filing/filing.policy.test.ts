import { randomUUID } from 'node:crypto';
import { analyst, communityOfficer, districtOfficer, orgLeader, PUBLIC, refusalOf, streetOfficer } from '../__tests__/callers.js';
import { FiledOrganization } from './filing.entity.js';
import {
  assertCancellable,
  assertMayBlacklist,
  assertMayCancelFiling,
  mayReadBlacklist,
  readableBlacklist,
} from './filing.policy.js';

const districtId = randomUUID();
const otherDistrictId = randomUUID();
const entry = (status = 'FILED') =>
  Object.assign(new FiledOrganization(), {
    organizationId: randomUUID(),
    districtId,
    streetId: randomUUID(),
    communityId: randomUUID(),
    name: '测试组织',
    status,
  });
const JURISDICTION = { code: 'FORBIDDEN', rule: 'JURISDICTION' };

describe('cancellation (取消备案资格)', () => {
  it('is decided by the officers of the organization’s district only', () => {
    const org = entry();
    expect(refusalOf(() => assertMayCancelFiling(districtOfficer(districtId), org))).toBeNull();
    for (const caller of [
      districtOfficer(otherDistrictId),
      analyst(districtId),
      streetOfficer(org.streetId),
      communityOfficer(org.communityId!),
      orgLeader(org.organizationId),
      PUBLIC,
    ])
      expect(refusalOf(() => assertMayCancelFiling(caller, org))).toEqual(JURISDICTION);
  });

  it('applies to a FILED organization, once', () => {
    expect(refusalOf(() => assertCancellable(entry('FILED')))).toBeNull();
    expect(refusalOf(() => assertCancellable(entry('CANCELLED')))).toEqual({ code: 'CONFLICT', reason: 'ALREADY_CANCELLED' });
    expect(refusalOf(() => assertCancellable(entry('DISSOLVED')))).toEqual({ code: 'CONFLICT', reason: 'NOT_FILED' });
  });
});

describe('the blacklist (失信名单)', () => {
  it('is kept by the officers of the district', () => {
    expect(refusalOf(() => assertMayBlacklist(districtOfficer(districtId), districtId))).toBeNull();
    expect(refusalOf(() => assertMayBlacklist(districtOfficer(otherDistrictId), districtId))).toEqual(JURISDICTION);
    expect(refusalOf(() => assertMayBlacklist(analyst(districtId), districtId))).toEqual(JURISDICTION);
  });

  it('is read by the officers of the district only, and the SQL twin selects the same', () => {
    const callers = [
      districtOfficer(districtId),
      districtOfficer(otherDistrictId),
      analyst(districtId),
      streetOfficer(randomUUID()),
      PUBLIC,
    ];
    expect(callers.map((c) => mayReadBlacklist(c, districtId))).toEqual([true, false, false, false, false]);
    // An officer's twin selects their own district's rows only; anyone else's selects nothing.
    expect(callers.map((c) => readableBlacklist(c))).toEqual([
      { sql: '"district_id" = ?', params: [districtId] },
      { sql: '"district_id" = ?', params: [otherDistrictId] },
      { sql: 'false', params: [] },
      { sql: 'false', params: [] },
      { sql: 'false', params: [] },
    ]);
  });
});
