import { randomUUID } from 'node:crypto';
import { communityOfficer, districtOfficer, orgLeader, PUBLIC, refusalOf, streetOfficer } from '../__tests__/callers.js';
import { DistrictReport } from './report.entity.js';
import { assertMayDecideReport, assertMayReadDistrictReview, assertUndecided, mayReadDistrictReview } from './report.policy.js';

const row = (decision: string | null = null) =>
  Object.assign(new DistrictReport(), {
    reportId: randomUUID(),
    round: 2,
    organizationId: randomUUID(),
    communityId: randomUUID(),
    streetId: randomUUID(),
    districtId: randomUUID(),
    decision,
  });

describe('a report at the district (重大活动汇报)', () => {
  it('is decided by the officers of its district only', () => {
    const r = row();
    expect(refusalOf(() => assertMayDecideReport(districtOfficer(r.districtId), r))).toBeNull();
    for (const caller of [districtOfficer(randomUUID()), streetOfficer(r.streetId), orgLeader(r.organizationId), PUBLIC])
      expect(refusalOf(() => assertMayDecideReport(caller, r))).toEqual({ code: 'FORBIDDEN', rule: 'JURISDICTION' });
  });

  it('is decided once per round', () => {
    expect(refusalOf(() => assertUndecided(row()))).toBeNull();
    expect(refusalOf(() => assertUndecided(row('APPROVE')))).toEqual({ code: 'CONFLICT', reason: 'ALREADY_DECIDED' });
  });

  it('shows its decision to everyone whose jurisdiction covers it; the public must sign in', () => {
    const r = row('APPROVE');
    for (const caller of [
      districtOfficer(r.districtId),
      streetOfficer(r.streetId),
      communityOfficer(r.communityId),
      orgLeader(r.organizationId),
    ])
      expect(mayReadDistrictReview(caller, r)).toBe(true);
    for (const caller of [districtOfficer(randomUUID()), communityOfficer(randomUUID()), orgLeader(randomUUID())])
      expect(refusalOf(() => assertMayReadDistrictReview(caller, r))).toEqual({ code: 'FORBIDDEN', rule: 'JURISDICTION' });
    expect(refusalOf(() => assertMayReadDistrictReview(PUBLIC, r))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
