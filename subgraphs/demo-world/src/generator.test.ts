import { identityNumber, isUuid } from '@cso/platform';
import { ORGANIZATION_CATEGORIES, districtCount, generateWorld, membersOf } from './generator.js';

describe('the default data set', () => {
  const world = generateWorld(1);

  it('is one realistic district: ~10 streets, ~100 communities, ~1,700 organizations, ~60,000 members', () => {
    expect(world.districts).toHaveLength(1);
    expect(world.districts[0]).toMatchObject({ name: '河北区', associationName: '河北区社区公益性民间组织管理协会' });
    expect(world.streets).toHaveLength(10);
    expect(world.communities.length).toBeGreaterThanOrEqual(90);
    expect(world.communities.length).toBeLessThanOrEqual(120);
    expect(world.organizations.length).toBeGreaterThanOrEqual(1500);
    expect(world.organizations.length).toBeLessThanOrEqual(1900);
    const members = world.organizations.reduce((n, o) => n + o.memberCount, 0);
    expect(members).toBeGreaterThanOrEqual(55_000);
    expect(members).toBeLessThanOrEqual(66_000);
  });

  it('is the same world every time, so the three tiers agree on every id', () => {
    const again = generateWorld(1);
    expect(again.organizations.map((o) => o.id)).toEqual(world.organizations.map((o) => o.id));
    expect(membersOf(again.organizations[7]!)).toEqual(membersOf(world.organizations[7]!));
    expect(new Set(world.organizations.map((o) => o.id)).size).toBe(world.organizations.length);
    expect(world.organizations.every((o) => isUuid(o.id))).toBe(true);
  });

  it('covers every category and lifecycle state, with the oversight cases the district tracks', () => {
    expect(new Set(world.organizations.map((o) => o.category))).toEqual(new Set(ORGANIZATION_CATEGORIES));
    expect(new Set(world.organizations.map((o) => o.status)).size).toBe(7);
    const filedPerCommunity = new Map(world.communities.map((c) => [c.id, 0]));
    for (const o of world.organizations)
      if (o.communityId && o.status === 'FILED') filedPerCommunity.set(o.communityId, filedPerCommunity.get(o.communityId)! + 1);
    expect([...filedPerCommunity.values()].filter((n) => n < 5).length).toBeGreaterThan(0);
    const lacking = world.organizations.filter((o) => o.partyMemberCount >= 3 && !o.hasPartyStation);
    expect(lacking.length).toBeGreaterThan(50);
    const streetLevel = world.organizations.filter((o) => o.level === 'STREET');
    expect(streetLevel.length).toBeGreaterThanOrEqual(30);
    expect(streetLevel.every((o) => o.communityId === null)).toBe(true);
  });

  it('names street branches and community committees by the conventions (seed 001)', () => {
    const street = world.streets[0]!;
    expect(street.branchName).toBe(`河北区社区公益性民间组织管理协会${street.name}分会`);
    const community = world.communities.find((c) => c.streetId === street.id)!;
    expect(community.committeeName).toBe(`${street.name}${community.name}公益性民间组织指导委员会`);
  });

  it('gives each roster one leader, party members as counted, valid identity numbers', () => {
    const org = world.organizations.find((o) => o.partyMemberCount >= 3)!;
    const roster = membersOf(org);
    expect(roster).toHaveLength(org.memberCount);
    expect(roster.filter((m) => m.role === 'LEADER')).toHaveLength(1);
    expect(roster.filter((m) => m.isPartyMember)).toHaveLength(org.partyMemberCount);
    for (const m of roster) {
      expect(m.idNumber).toMatch(/^120105\d{11}[\dX]$/);
      expect(identityNumber('120105', m.birthDate, Number(m.idNumber.slice(14, 17)))).toBe(m.idNumber);
      expect(m.phone).toMatch(/^1\d{10}$/);
    }
  });

  it('scales down for tests and up for benchmarks', () => {
    const small = generateWorld(0.2);
    expect(small.streets).toHaveLength(2);
    expect(small.communities).toHaveLength(4);
    const city = generateWorld(3);
    expect(city.districts.map((d) => d.name)).toEqual(['河北区', '河东区', '河西区']);
    expect(new Set(city.streets.map((s) => s.code)).size).toBe(city.streets.length);
  });

  it('gives a city a district at a time, each slice exactly the whole world’s part (seeders stream it)', () => {
    const city = generateWorld(3);
    expect(districtCount(3)).toBe(3);
    const slices = [0, 1, 2].map((d) => generateWorld(3, d));
    for (const key of ['districts', 'streets', 'communities', 'organizations'] as const)
      expect(slices.flatMap((s): unknown[] => s[key])).toEqual(city[key]);
    expect(generateWorld(1, 0)).toEqual(generateWorld(1));
  });
});

describe('identity numbers', () => {
  it('carry the GB 11643 check digit', () => {
    // A published example of the algorithm: 11010519491231002X.
    expect(identityNumber('110105', '1949-12-31', 2)).toBe('11010519491231002X');
  });
});
