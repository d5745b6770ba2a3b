import { checkBranchName, checkCommitteeName, checkOrganizationName, committeeName, branchName, renameRequired } from './naming.js';

const street = '光复道街';
const community = '望海楼社区';

describe('naming conventions (seed 001)', () => {
  it('builds the branch and committee names from their parts', () => {
    expect(branchName('河北区社区公益性民间组织管理协会', street)).toBe('河北区社区公益性民间组织管理协会光复道街分会');
    expect(committeeName(street, community)).toBe('光复道街望海楼社区公益性民间组织指导委员会');
    expect(checkBranchName('河北区社区公益性民间组织管理协会光复道街分会', '河北区社区公益性民间组织管理协会', street)).toEqual([]);
    expect(checkBranchName('光复道街分会', '河北区社区公益性民间组织管理协会', street)[0]).toMatchObject({ field: 'branchName', code: 'NAME_CONVENTION' });
    expect(checkCommitteeName('望海楼社区指导委员会', street, community)[0]?.message).toContain('光复道街望海楼社区公益性民间组织指导委员会');
  });

  it('lets residents name their own organization within the general rules', () => {
    expect(checkOrganizationName({ name: '望海楼社区夕阳红合唱队', level: 'COMMUNITY', sponsor: 'RESIDENTS', communityName: community, streetName: street })).toEqual([]);
    expect(checkOrganizationName({ name: '快乐京剧队', level: 'COMMUNITY', sponsor: 'RESIDENTS', communityName: community, streetName: street })).toEqual([]);
  });

  it('requires {community}…工作站 for a community organization set up by a unit or the street', () => {
    const ok = { name: '望海楼社区爱心助老工作站', level: 'COMMUNITY', sponsor: 'DISTRICT_UNIT', communityName: community, streetName: street } as const;
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
    expect(checkOrganizationName({ name: '合唱', level: 'COMMUNITY', sponsor: 'RESIDENTS', communityName: community, streetName: street })[0]).toMatchObject({
      code: 'NAME_LENGTH',
    });
    expect(checkOrganizationName({ name: '队'.repeat(51), level: 'COMMUNITY', sponsor: 'RESIDENTS', communityName: community, streetName: street })[0]?.code).toBe('NAME_LENGTH');
  });
});
