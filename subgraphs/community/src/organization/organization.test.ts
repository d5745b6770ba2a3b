import { generateWorld, membersOf } from '@cso/demo-world';
import { schemaDrift } from '@cso/platform';
import { startTestSubgraph, type GraphQLResponse, type TestSubgraph } from '@cso/platform/testing';
import { definition } from '../app.js';

const SIZE = 0.3;
const world = generateWorld(SIZE);
let subgraph: TestSubgraph;
/** A district officer reads every organization of the district (masked rosters). */
let officer: Record<string, string>;

beforeAll(async () => {
  subgraph = await startTestSubgraph(definition, { seedSize: SIZE });
  officer = await subgraph.token({
    sub: 'test:district',
    name: '测试',
    role: 'DISTRICT_OFFICER',
    districtId: world.districts[0]!.id,
  });
});
afterAll(() => subgraph?.stop());

interface OrgPage {
  organizations: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
    nodes: { id: string; name: string }[];
  };
}

const PAGE = `query($filter: OrganizationFilter, $first: Int, $after: String) {
  organizations(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { id name }
  }
}`;

async function walk(filter: Record<string, unknown> | null, first: number) {
  const seen: { id: string; name: string }[] = [];
  let after: string | null = null;
  let total = -1;
  for (let guard = 0; guard < 1000; guard++) {
    const res: GraphQLResponse<OrgPage> = await subgraph.query<OrgPage>(PAGE, { filter, first, after }, officer);
    expect(res.errors).toBeUndefined();
    const page: OrgPage['organizations'] = res.data!.organizations;
    total = page.totalCount;
    seen.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { seen, total };
}

const byCodePoint = (a: { name: string; id: string }, b: { name: string; id: string }) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1;

describe('organizations list', () => {
  it('walks every organization exactly once, in a stable order, page after page', async () => {
    const { seen, total } = await walk(null, 13);
    expect(total).toBe(world.organizations.length);
    expect(seen).toHaveLength(world.organizations.length);
    expect(new Set(seen.map((o) => o.id)).size).toBe(seen.length);
    expect(seen).toEqual([...world.organizations].map(({ id, name }) => ({ id, name })).sort(byCodePoint));
  });

  it.each([
    [
      'communityId',
      () => ({ communityId: world.communities[2]!.id }),
      (o: (typeof world.organizations)[number]) => o.communityId === world.communities[2]!.id,
    ],
    [
      'streetId',
      () => ({ streetId: world.streets[1]!.id }),
      (o: (typeof world.organizations)[number]) => o.streetId === world.streets[1]!.id,
    ],
    ['districtId', () => ({ districtId: world.districts[0]!.id }), () => true],
    [
      'category',
      () => ({ category: 'CULTURE_SPORTS' }),
      (o: (typeof world.organizations)[number]) => o.category === 'CULTURE_SPORTS',
    ],
    ['status', () => ({ status: 'FILED' }), (o: (typeof world.organizations)[number]) => o.status === 'FILED'],
    ['search', () => ({ search: '服务' }), (o: (typeof world.organizations)[number]) => o.name.includes('服务')],
    [
      'several at once',
      () => ({ streetId: world.streets[0]!.id, status: 'FILED', category: 'VOLUNTEER_CHARITY' }),
      (o: (typeof world.organizations)[number]) =>
        o.streetId === world.streets[0]!.id && o.status === 'FILED' && o.category === 'VOLUNTEER_CHARITY',
    ],
  ])('filters by %s, matching counts computed from the seed', async (_label, filter, predicate) => {
    const expected = world.organizations.filter(predicate);
    expect(expected.length).toBeGreaterThan(0);
    const { seen, total } = await walk(filter(), 100);
    expect(total).toBe(expected.length);
    expect(seen.map((o) => o.id).sort()).toEqual(expected.map((o) => o.id).sort());
  });

  it('treats % and _ in a search as plain characters', async () => {
    const res = await subgraph.query<OrgPage>(PAGE, { filter: { search: '%' } }, officer);
    expect(res.data?.organizations.totalCount).toBe(0);
  });

  it('refuses bad input with BAD_USER_INPUT and names every field', async () => {
    const tooMany = await subgraph.query(PAGE, { first: 100000 }, officer);
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'first', code: 'MAX_PAGE_SIZE_EXCEEDED' }],
    });
    const cursor = await subgraph.query(PAGE, { after: 'bm90LWEtY3Vyc29y' }, officer);
    expect(cursor.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'after', code: 'MALFORMED_CURSOR' }],
    });
    const filter = await subgraph.query(PAGE, { filter: { communityId: 'abc', streetId: '1', search: ' ' } }, officer);
    const fields = (filter.errors?.[0]?.extensions?.fields as { field: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual(['filter.communityId', 'filter.search', 'filter.streetId']);
  });

  it('refuses an unknown filter value before running anything', async () => {
    subgraph.queries.reset();
    const res = await subgraph.query(PAGE, { filter: { status: 'ARCHIVED' } }, officer);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toContain('ARCHIVED');
    expect(subgraph.queries.count).toBe(0);
  });
});

describe('an organization', () => {
  const org = world.organizations.find((o) => o.communityId && o.partyMemberCount >= 3 && !o.hasPartyStation)!;
  const roster = membersOf(org);

  it('carries its profile, counts, party-station flags, leader and community', async () => {
    const res = await subgraph.query(
      `query($id: ID!) { organization(id: $id) {
        id name category level status purpose activityArea activitySchedule foundedOn
        memberCount partyMemberCount needsPartyStation hasPartyStation
        leader { name role idNumber phone } community { id name } street { id }
      } }`,
      { id: org.id },
      await subgraph.token({ sub: 'test:community', name: '测试', role: 'COMMUNITY_OFFICER', communityId: org.communityId! }),
    );
    expect(res.errors).toBeUndefined();
    const leader = roster.find((m) => m.role === 'LEADER')!;
    expect(res.data?.organization).toEqual({
      id: org.id,
      name: org.name,
      category: org.category,
      level: 'COMMUNITY',
      status: org.status,
      purpose: org.purpose,
      activityArea: org.activityArea,
      activitySchedule: org.activitySchedule,
      foundedOn: org.foundedOn,
      memberCount: org.memberCount,
      partyMemberCount: org.partyMemberCount,
      needsPartyStation: true,
      hasPartyStation: false,
      leader: { name: leader.name, role: 'LEADER', idNumber: leader.idNumber, phone: leader.phone },
      community: { id: org.communityId, name: world.communities.find((c) => c.id === org.communityId)!.name },
      street: { id: org.streetId },
    });
  });

  it('pages through its roster', async () => {
    const names: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: {
        data?: {
          organization: {
            members: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { name: string }[] };
          };
        } | null;
      } = await subgraph.query(
        'query($id: ID!, $after: String) { organization(id: $id) { members(first: 4, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { name } } } }',
        {
          id: org.id,
          after,
        },
        await subgraph.token({ sub: 'test:leader', name: '测试', role: 'ORG_LEADER', organizationId: org.id }),
      );
      const members = res.data!.organization.members;
      expect(members.totalCount).toBe(roster.length);
      names.push(...members.nodes.map((n) => n.name));
      if (!members.pageInfo.hasNextPage) break;
      after = members.pageInfo.endCursor;
    }
    expect(names.sort()).toEqual(roster.map((m) => m.name).sort());
  });

  it('is NOT_FOUND when unknown', async () => {
    const res = await subgraph.query('{ organization(id: "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed") { name } }', undefined, officer);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', entity: 'Organization' });
  });
});

describe('entity references (the gateway’s _entities)', () => {
  it('resolves 100 Organization references with one SQL statement', async () => {
    const r = world.organizations.slice(0, 100).map(({ id }) => ({ __typename: 'Organization', id }));
    subgraph.queries.reset();
    const res = await subgraph.query<{ _entities: { id: string; name: string }[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { id name status } } }',
      { r },
      subgraph.asGateway(officer),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities.map((e) => e.id)).toEqual(r.map((x) => x.id));
    expect(subgraph.queries.statements.filter((s) => /from "organization"/.test(s))).toHaveLength(1);
    expect(subgraph.queries.count).toBe(1);
  });

  it('resolves 100 Community references with one SQL statement, and their organizations with two more', async () => {
    const r = Array.from({ length: 100 }, (_, i) => ({
      __typename: 'Community',
      id: world.communities[i % world.communities.length]!.id,
    }));
    subgraph.queries.reset();
    const res = await subgraph.query<{
      _entities: { name: string; organizations: { totalCount: number; nodes: { name: string }[] } }[];
    }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Community { name organizations(first: 3) { totalCount nodes { name } } } } }',
      { r },
      subgraph.asGateway(officer),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toHaveLength(100);
    const first = world.communities[0]!;
    expect(res.data?._entities[0]?.organizations.totalCount).toBe(
      world.organizations.filter((o) => o.communityId === first.id).length,
    );
    expect(subgraph.queries.count).toBe(3);
  });

  it('adds figures to Community and Street references with as many statements for 100 as for one', async () => {
    const FIGURES =
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Community { organizationStatistics { total } majorActivityReportStatistics { overdue } } ... on Street { organizationStatistics { total } } } }';
    const statements = async (r: { __typename: string; id: string }[]) => {
      subgraph.queries.reset();
      const res = await subgraph.query<{ _entities: { organizationStatistics: { total: number } }[] }>(
        FIGURES,
        { r },
        subgraph.asGateway(officer),
      );
      expect(res.errors).toBeUndefined();
      return { count: subgraph.queries.count, totals: res.data!._entities.map((e) => e.organizationStatistics.total) };
    };
    const communities = world.communities.slice(0, 100).map(({ id }) => ({ __typename: 'Community', id }));
    const one = await statements(communities.slice(0, 1));
    const many = await statements(communities);
    // The references, then three statements for the organization figures (one pass over the organization rows,
    // grouped three ways, with the members summed from the counts kept in them; the communities of the scopes;
    // their district's policies) and one for the report figures.
    expect(one.count).toBe(5);
    expect(many.count).toBe(one.count);
    expect(many.totals).toEqual(
      world.communities.slice(0, 100).map((c) => world.organizations.filter((o) => o.communityId === c.id).length),
    );
    const streets = world.streets.map(({ id }) => ({ __typename: 'Street', id }));
    const perStreet = await statements(streets);
    expect(perStreet.totals).toEqual(world.streets.map((s) => world.organizations.filter((o) => o.streetId === s.id).length));
    // The streets' districts (from their communities), then the three statements of the organization figures.
    expect(perStreet.count).toBe(4);
    expect((await statements(streets.slice(0, 1))).count).toBe(4);
  });

  it('adds Street.communities, batched', async () => {
    subgraph.queries.reset();
    const res = await subgraph.query<{ _entities: { communities: { name: string }[] }[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Street { communities { name committeeName } } } }',
      { r: world.streets.map(({ id }) => ({ __typename: 'Street', id })) },
      subgraph.asGateway(),
    );
    expect(res.data?._entities.map((s) => s.communities.length)).toEqual(
      world.streets.map((s) => world.communities.filter((c) => c.streetId === s.id).length),
    );
    expect(subgraph.queries.count).toBe(1);
  });
});

it('has migrations that match its entities exactly', async () => {
  expect(await schemaDrift(subgraph.running.orm)).toBe('');
});
