import { assertMayReadFigures, mayReadFigures } from '@cso/contracts';
import { callers, place, thrown, type CallerName } from '../__tests__/callers.js';
import type { Community } from '../community/community.entity.js';
import { communityFigures, districtFigures, streetFigures } from './statistics.policy.js';

/** Who may read figures, through the shared rule, with the scopes this tier builds. */
const readers = (scope: Parameters<typeof mayReadFigures>[1]) =>
  (Object.keys(callers) as CallerName[]).filter((c) => mayReadFigures(callers[c], scope));

describe('who may read the figures of', () => {
  it('a district: its officers and analysts only (street and community officers are refused)', () => {
    expect(readers(districtFigures(place.district))).toEqual(['districtOfficer', 'analyst']);
  });

  it('a street whose district this tier knows: its officers, its district’s officers and analysts', () => {
    expect(readers(streetFigures(place.street, place.district))).toEqual(['districtOfficer', 'analyst', 'streetOfficer']);
  });

  it('a street this tier has no community of (only zeros to show): no district to check, the street still is', () => {
    expect(readers(streetFigures(place.street, null))).toEqual([
      'districtOfficer',
      'otherDistrictOfficer',
      'analyst',
      'streetOfficer',
    ]);
  });

  it('a community: the officers and analysts whose jurisdiction covers it', () => {
    const community = { id: place.community, streetId: place.street, districtId: place.district } as Community;
    expect(readers(communityFigures(community))).toEqual(['districtOfficer', 'analyst', 'streetOfficer', 'communityOfficer']);
  });

  it('anything: UNAUTHENTICATED without signing in, FORBIDDEN for a leader', () => {
    expect(thrown(() => assertMayReadFigures(callers.public, districtFigures(place.district))).code).toBe('UNAUTHENTICATED');
    expect(thrown(() => assertMayReadFigures(callers.leader, streetFigures(place.street, null)))).toMatchObject({
      code: 'FORBIDDEN',
      rule: 'JURISDICTION',
    });
  });
});
