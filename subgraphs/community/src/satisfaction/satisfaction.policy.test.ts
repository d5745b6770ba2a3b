import { ProblemList, zonedTime } from '@cso/platform';
import { callers, place, thrown } from '../__tests__/callers.js';
import type { Organization } from '../organization/organization.entity.js';
import { OrganizationStatus } from '../organization/organization.enums.js';
import { assertCanRateOrganization, periodHasBegun, ratingProblems } from './satisfaction.policy.js';

const org = { id: place.organization, community: place.community, status: OrganizationStatus.FILED } as Organization;

describe('satisfaction periods (Beijing calendar)', () => {
  it('a year has begun on 1 January in Beijing, while it is still 31 December in UTC', () => {
    const newYear = zonedTime('2027-01-01', 0, 30);
    expect(newYear.toISOString()).toBe('2026-12-31T16:30:00.000Z');
    expect(periodHasBegun('2027', newYear)).toBe(true);
    expect(periodHasBegun('2027-H1', newYear)).toBe(true);
    expect(periodHasBegun('2027-H2', newYear)).toBe(false);
    expect(periodHasBegun('2028', newYear)).toBe(false);
    expect(periodHasBegun('2026-H2', newYear)).toBe(true);
  });

  it('a second half has begun on 1 July in Beijing', () => {
    expect(periodHasBegun('2027-H2', zonedTime('2027-06-30', 23, 59))).toBe(false);
    expect(periodHasBegun('2027-H2', zonedTime('2027-07-01', 0, 1))).toBe(true);
  });
});

describe('a rating', () => {
  const problems = (rating: { period: string; score: number; comment: string }, status = OrganizationStatus.FILED) => {
    const list = new ProblemList();
    ratingProblems(list, rating, { ...org, status } as Organization, zonedTime('2027-03-01', 9));
    return list.problems.map((p) => `${p.field}:${p.code}`);
  };

  it('is well formed: a rated period that has begun, a score of 0 to 100, a FILED organization', () => {
    expect(problems({ period: '2027-H1', score: 100, comment: '' })).toEqual([]);
    expect(problems({ period: '2026', score: 0, comment: '很好' })).toEqual([]);
  });

  it('names every problem at once', () => {
    expect(problems({ period: '2027-H2', score: 101, comment: '' }, OrganizationStatus.APPLYING)).toEqual([
      'period:FUTURE_PERIOD',
      'score:OUT_OF_RANGE',
      'organizationId:ORGANIZATION_NOT_FILED',
    ]);
    expect(problems({ period: '2027-Q1', score: 1.5, comment: '评'.repeat(501) })).toEqual([
      'period:PERIOD_FORMAT',
      'score:OUT_OF_RANGE',
      'comment:LENGTH',
    ]);
  });

  it('is recorded by the officer of the organization’s own community only', () => {
    expect(() => assertCanRateOrganization(callers.communityOfficer, org)).not.toThrow();
    for (const caller of ['otherCommunityOfficer', 'streetOfficer', 'districtOfficer', 'leader'] as const)
      expect(thrown(() => assertCanRateOrganization(callers[caller], org))).toMatchObject({
        code: 'FORBIDDEN',
        rule: 'JURISDICTION',
      });
    expect(
      thrown(() => assertCanRateOrganization(callers.communityOfficer, { ...org, community: null } as Organization)).code,
    ).toBe('FORBIDDEN');
  });
});
