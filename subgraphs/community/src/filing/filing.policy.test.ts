import { ProblemList, zonedTime } from '@cso/platform';
import { callers, place, thrown } from '../__tests__/callers.js';
import type { Organization } from '../organization/organization.entity.js';
import type { FilingApplication } from './filing.entity.js';
import { assertCanApplyFor, assertCanReceiveFiling, assertCanReview, canReadFiling } from './filing.policy.js';
import { voteProblems } from './filing.rules.js';

const org = { id: place.organization, community: place.community, streetId: place.street } as Organization;
const streetOrg = { ...org, community: null } as Organization;

describe('who acts on filings', () => {
  it('a new filing is received by the officer of its community only', () => {
    expect(() => assertCanReceiveFiling(callers.communityOfficer, place.community)).not.toThrow();
    for (const caller of ['otherCommunityOfficer', 'streetOfficer', 'districtOfficer', 'leader'] as const)
      expect(thrown(() => assertCanReceiveFiling(callers[caller], place.community)).code).toBe('FORBIDDEN');
  });

  it('the committee that received a filing reviews it: the community’s, or the street’s for a street-level organization', () => {
    expect(() =>
      assertCanReview(callers.communityOfficer, { communityId: place.community, streetId: place.street }),
    ).not.toThrow();
    expect(
      thrown(() => assertCanReview(callers.streetOfficer, { communityId: place.community, streetId: place.street })).code,
    ).toBe('FORBIDDEN');
    expect(() => assertCanReview(callers.streetOfficer, { communityId: null, streetId: place.street })).not.toThrow();
    expect(thrown(() => assertCanReview(callers.otherStreetOfficer, { communityId: null, streetId: place.street })).code).toBe(
      'FORBIDDEN',
    );
  });

  it('an existing organization files through its committee or its leader', () => {
    expect(() => assertCanApplyFor(callers.communityOfficer, org)).not.toThrow();
    expect(() => assertCanApplyFor(callers.leader, org)).not.toThrow();
    expect(() => assertCanApplyFor(callers.streetOfficer, streetOrg)).not.toThrow();
    expect(thrown(() => assertCanApplyFor(callers.streetOfficer, org)).code).toBe('FORBIDDEN');
    expect(thrown(() => assertCanApplyFor(callers.otherLeader, org)).code).toBe('FORBIDDEN');
  });

  it('a filing is read within the caller’s jurisdiction', () => {
    const filing = {
      organizationId: place.organization,
      communityId: place.community,
      streetId: place.street,
      districtId: place.district,
    } as FilingApplication;
    expect(canReadFiling(callers.streetOfficer, filing)).toBe(true);
    expect(canReadFiling(callers.otherCommunityOfficer, filing)).toBe(false);
    expect(canReadFiling(callers.public, filing)).toBe(false);
  });
});

describe('the member meeting that decides a dissolution', () => {
  const problems = (
    vote: { meetingDate: string; membersPresent: number; votesFor: number },
    now = zonedTime('2026-12-02', 0, 30),
  ) => {
    const list = new ProblemList();
    voteProblems(list, vote, 12, 'input', now);
    return list.problems.map((p) => p.code);
  };

  it('needs two thirds of the roster present and more than half of them for', () => {
    expect(problems({ meetingDate: '2026-11-20', membersPresent: 8, votesFor: 5 })).toEqual([]);
    expect(problems({ meetingDate: '2026-11-20', membersPresent: 7, votesFor: 5 })).toEqual(['MEETING_QUORUM']);
    expect(problems({ meetingDate: '2026-11-20', membersPresent: 8, votesFor: 4 })).toEqual(['DISSOLUTION_MAJORITY']);
  });

  it('was held no later than today in Beijing', () => {
    expect(problems({ meetingDate: '2026-12-02', membersPresent: 8, votesFor: 5 })).toEqual([]);
    expect(problems({ meetingDate: '2026-12-03', membersPresent: 8, votesFor: 5 })).toEqual(['DATE']);
  });
});
