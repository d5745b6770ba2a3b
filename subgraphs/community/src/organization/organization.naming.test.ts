import { generateWorld } from '@cso/demo-world';
import { checkOrganizationName, renameRequired } from './organization.naming.js';

const street = '光复道街';
const community = '望海楼社区';

describe('naming conventions (seed 001)', () => {
  it('lets residents name their own organization within the general rules', () => {
    expect(
      checkOrganizationName({
        name: '望海楼社区夕阳红合唱队',
        level: 'COMMUNITY',
        sponsor: 'RESIDENTS',
        communityName: community,
        streetName: street,
      }),
    ).toEqual([]);
    expect(
      checkOrganizationName({
        name: '快乐京剧队',
        level: 'COMMUNITY',
        sponsor: 'RESIDENTS',
        communityName: community,
        streetName: street,
      }),
    ).toEqual([]);
  });

  it('requires {community}…工作站 for a community organization set up by a unit or the street', () => {
    const ok = {
      name: '望海楼社区爱心助老工作站',
      level: 'COMMUNITY',
      sponsor: 'DISTRICT_UNIT',
      communityName: community,
      streetName: street,
    } as const;
    expect(checkOrganizationName(ok)).toEqual([]);
    expect(checkOrganizationName({ ...ok, sponsor: 'STREET' })).toEqual([]);
    expect(checkOrganizationName({ ...ok, name: '爱心助老工作站' }).map((p) => p.code)).toEqual(['NAME_CONVENTION']);
    expect(checkOrganizationName({ ...ok, name: '望海楼社区爱心助老队' }).map((p) => p.code)).toEqual(['NAME_CONVENTION']);
    // The prefix and suffix alone are not a name.
    expect(checkOrganizationName({ ...ok, name: '望海楼社区工作站' }).map((p) => p.code)).toEqual(['NAME_CONVENTION']);
  });

  it('requires {street}…分会 for a street-level organization set up by a district unit', () => {
    const ok = { name: '光复道街老年体育协会分会', level: 'STREET', sponsor: 'DISTRICT_UNIT', streetName: street } as const;
    expect(checkOrganizationName(ok)).toEqual([]);
    expect(renameRequired({ ...ok, name: '老年体育协会光复道街分会' })).toBe(true);
    expect(renameRequired(ok)).toBe(false);
  });

  it('names every broken rule at once, with the field', () => {
    const problems = checkOrganizationName(
      { name: '中国<合唱>', level: 'COMMUNITY', sponsor: 'DISTRICT_UNIT', communityName: community, streetName: street },
      'input.name',
    );
    expect(problems.map((p) => p.code).sort()).toEqual(['NAME_CHARACTERS', 'NAME_CONVENTION', 'NAME_RESERVED_WORD']);
    expect(problems.every((p) => p.field === 'input.name')).toBe(true);
    expect(
      checkOrganizationName({
        name: '合唱',
        level: 'COMMUNITY',
        sponsor: 'RESIDENTS',
        communityName: community,
        streetName: street,
      })[0],
    ).toMatchObject({
      code: 'NAME_LENGTH',
    });
    expect(
      checkOrganizationName({
        name: '队'.repeat(51),
        level: 'COMMUNITY',
        sponsor: 'RESIDENTS',
        communityName: community,
        streetName: street,
      })[0]?.code,
    ).toBe('NAME_LENGTH');
  });

  it('are kept by most unit-sponsored organizations of the demo world, with a few that must be renamed', () => {
    const world = generateWorld(1);
    const units = world.organizations.filter((o) => o.sponsor !== 'RESIDENTS');
    const nonConforming = units.filter((o) => {
      const streetName = world.streets.find((s) => s.id === o.streetId)!.name;
      const communityName = world.communities.find((c) => c.id === o.communityId)?.name ?? null;
      return checkOrganizationName({ name: o.name, level: o.level, sponsor: o.sponsor, communityName, streetName }).length > 0;
    });
    expect(nonConforming.length).toBeGreaterThan(0);
    expect(nonConforming.length).toBeLessThan(units.length / 3);
  });
});
