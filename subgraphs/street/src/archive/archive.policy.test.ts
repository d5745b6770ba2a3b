import { randomUUID } from 'node:crypto';
import { analyst, communityOfficer, districtOfficer, orgLeader, PUBLIC, streetOfficer } from '../__tests__/callers.js';
import { assertMayReadStreetArchive, mayReadStreetArchive } from './archive.policy.js';

describe('the street’s part of an organization’s file (档案)', () => {
  const organizationId = randomUUID();
  const place = { districtId: randomUUID(), streetId: randomUUID(), communityId: randomUUID(), filed: true };

  it('is read within the caller’s jurisdiction, the organization’s own leader included', () => {
    for (const caller of [
      districtOfficer(place.districtId),
      analyst(place.districtId),
      streetOfficer(place.streetId),
      communityOfficer(place.communityId),
      orgLeader(organizationId),
    ])
      expect(mayReadStreetArchive(caller, organizationId, place)).toBe(true);
    for (const caller of [streetOfficer(randomUUID()), communityOfficer(randomUUID()), orgLeader(randomUUID()), PUBLIC])
      expect(mayReadStreetArchive(caller, organizationId, place)).toBe(false);
    expect(() => assertMayReadStreetArchive(orgLeader(randomUUID()), organizationId, place)).toThrow(
      expect.objectContaining({ extensions: { code: 'FORBIDDEN', rule: 'JURISDICTION' } }),
    );
  });
});
