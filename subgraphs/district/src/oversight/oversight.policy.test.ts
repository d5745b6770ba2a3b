import { mayReadFigures } from '@cso/contracts';
import { randomUUID } from 'node:crypto';
import { analyst, communityOfficer, districtOfficer, orgLeader, PUBLIC, refusalOf, streetOfficer } from '../__tests__/callers.js';
import { FiledOrganization } from '../filing/filing.entity.js';
import {
  assertMayReadRecords,
  assertMayRecordOversight,
  communityFigures,
  districtFigures,
  mayReadRecords,
  streetFigures,
} from './oversight.policy.js';

const place = { districtId: randomUUID(), streetId: randomUUID() };
const communityId = randomUUID();
const entry = Object.assign(new FiledOrganization(), {
  organizationId: randomUUID(),
  ...place,
  communityId,
  name: '测试组织',
  status: 'FILED',
});

describe('oversight records (年检, 诚信, 表彰)', () => {
  it('are recorded by the officers of the organization’s district only', () => {
    expect(refusalOf(() => assertMayRecordOversight(districtOfficer(place.districtId), entry))).toBeNull();
    for (const caller of [districtOfficer(randomUUID()), analyst(place.districtId), streetOfficer(place.streetId), PUBLIC])
      expect(refusalOf(() => assertMayRecordOversight(caller, entry))).toEqual({ code: 'FORBIDDEN', rule: 'JURISDICTION' });
  });

  it('are read by everyone whose jurisdiction covers the organization', () => {
    const readers = [
      districtOfficer(place.districtId),
      analyst(place.districtId),
      streetOfficer(place.streetId),
      communityOfficer(communityId),
      orgLeader(entry.organizationId),
    ];
    const others = [
      districtOfficer(randomUUID()),
      streetOfficer(randomUUID()),
      communityOfficer(randomUUID()),
      orgLeader(randomUUID()),
    ];
    expect(readers.map((c) => mayReadRecords(c, entry))).toEqual(readers.map(() => true));
    expect(others.map((c) => mayReadRecords(c, entry))).toEqual(others.map(() => false));
    expect(refusalOf(() => assertMayReadRecords(others[2]!, entry))).toEqual({ code: 'FORBIDDEN', rule: 'JURISDICTION' });
  });
});

describe('inspection-result figures (年检结果), through the shared figures rule', () => {
  it('of a district: its officers and analysts only', () => {
    const scope = districtFigures(place.districtId);
    expect(mayReadFigures(districtOfficer(place.districtId), scope)).toBe(true);
    expect(mayReadFigures(analyst(place.districtId), scope)).toBe(true);
    expect(mayReadFigures(districtOfficer(randomUUID()), scope)).toBe(false);
    expect(mayReadFigures(streetOfficer(place.streetId), scope)).toBe(false);
  });

  it('of a street the register places: that street’s officers and its district’s; never a community officer or a leader', () => {
    const scope = streetFigures(place.streetId, place);
    expect(scope).toEqual({ level: 'STREET', streetId: place.streetId, districtId: place.districtId });
    expect(mayReadFigures(streetOfficer(place.streetId), scope)).toBe(true);
    expect(mayReadFigures(districtOfficer(place.districtId), scope)).toBe(true);
    expect(mayReadFigures(streetOfficer(randomUUID()), scope)).toBe(false);
    expect(mayReadFigures(districtOfficer(randomUUID()), scope)).toBe(false);
    expect(mayReadFigures(communityOfficer(communityId), scope)).toBe(false);
    expect(mayReadFigures(orgLeader(entry.organizationId), scope)).toBe(false);
  });

  it('of a community the register places: its officers, its street’s and its district’s', () => {
    const scope = communityFigures(communityId, place);
    expect(scope).toEqual({ level: 'COMMUNITY', communityId, ...place });
    expect(mayReadFigures(communityOfficer(communityId), scope)).toBe(true);
    expect(mayReadFigures(streetOfficer(place.streetId), scope)).toBe(true);
    expect(mayReadFigures(analyst(place.districtId), scope)).toBe(true);
    expect(mayReadFigures(communityOfficer(randomUUID()), scope)).toBe(false);
    expect(mayReadFigures(streetOfficer(randomUUID()), scope)).toBe(false);
    expect(mayReadFigures(orgLeader(entry.organizationId), scope)).toBe(false);
    expect(mayReadFigures(PUBLIC, scope)).toBe(false);
  });

  it('of a scope the register does not know (only zeros): left open above the scope itself', () => {
    expect(streetFigures(place.streetId, null)).toEqual({ level: 'STREET', streetId: place.streetId, districtId: null });
    expect(communityFigures(communityId, null)).toEqual({ level: 'COMMUNITY', communityId, streetId: null, districtId: null });
    expect(mayReadFigures(districtOfficer(randomUUID()), communityFigures(communityId, null))).toBe(true);
    expect(mayReadFigures(communityOfficer(randomUUID()), communityFigures(communityId, null))).toBe(false);
  });
});
