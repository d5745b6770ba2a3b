import { generateWorld, type DemoUser, type SeedOrganization } from '@cso/demo-world';
import { computeResponse } from '@cso/gateway';
import { startTestStack, type TestStack } from './support/stack.js';

const SIZE = 0.3;
const world = generateWorld(SIZE);
let t: TestStack;

beforeAll(async () => {
  t = await startTestStack({ seedSize: SIZE });
});
afterAll(() => t?.stop());

describe('one request across the three tiers, through the gateway', () => {
  it('walks down: district → streets → communities → organizations', async () => {
    const officer = await t.as('district-officer');
    const res = await t.gql<{
      districts: {
        name: string;
        associationName: string;
        streets: {
          name: string;
          branchName: string;
          district: { name: string };
          communities: {
            name: string;
            committeeName: string;
            street: { name: string };
            organizations: {
              totalCount: number;
              nodes: {
                name: string;
                category: string;
                status: string;
                memberCount: number;
                community: { name: string };
                street: { name: string };
              }[];
            };
          }[];
        }[];
      }[];
    }>(
      `{ districts { name associationName streets { name branchName district { name } communities { name committeeName street { name }
          organizations(first: 5) { totalCount nodes { name category status memberCount community { name } street { name } } } } } } }`,
      undefined,
      officer,
    );
    expect(res.errors).toBeUndefined();
    // Shaped by the compiled result shaping, which stands in for @apollo/gateway's in the module its executor calls.
    expect(t.stack.gateway.resultShaping).toBe('compiled');
    const shaping = (await import('@apollo/gateway/dist/resultShaping.js')) as unknown as {
      default: { computeResponse: unknown };
    };
    expect(shaping.default.computeResponse).toBe(computeResponse);
    const [district] = res.data!.districts;
    expect(district).toMatchObject({ name: world.districts[0]!.name, associationName: world.districts[0]!.associationName });
    expect(district!.streets).toHaveLength(world.streets.length);
    for (const street of district!.streets) {
      const seeded = world.streets.find((s) => s.name === street.name)!;
      expect(street.branchName).toBe(seeded.branchName);
      expect(street.district.name).toBe(world.districts[0]!.name);
      const communities = world.communities.filter((c) => c.streetId === seeded.id);
      expect(street.communities.map((c) => c.name).sort()).toEqual(communities.map((c) => c.name).sort());
      for (const community of street.communities) {
        const seededCommunity = communities.find((c) => c.name === community.name)!;
        const orgs = world.organizations.filter((o) => o.communityId === seededCommunity.id);
        expect(community.committeeName).toBe(seededCommunity.committeeName);
        expect(community.street.name).toBe(street.name);
        expect(community.organizations.totalCount).toBe(orgs.length);
        expect(community.organizations.nodes).toHaveLength(Math.min(5, orgs.length));
        for (const node of community.organizations.nodes) {
          const seededOrg = orgs.find((o) => o.name === node.name)!;
          expect(node).toEqual({
            name: seededOrg.name,
            category: seededOrg.category,
            status: seededOrg.status,
            memberCount: seededOrg.memberCount,
            community: { name: community.name },
            street: { name: street.name },
          });
        }
      }
    }
  });

  it.each([
    ['street-officer', (o: SeedOrganization, u: DemoUser) => o.streetId === u.streetId],
    ['community-officer', (o: SeedOrganization, u: DemoUser) => o.communityId === u.communityId],
    ['org-leader', (o: SeedOrganization, u: DemoUser) => o.id === u.organizationId],
  ] as const)(
    'walks down as the %s: every community answers, with only the organizations it may read',
    async (login, readable) => {
      const user = t.users.find((u) => u.login === login)!;
      const res = await t.gql<{
        districts: {
          streets: {
            name: string;
            communities: { name: string; organizations: { totalCount: number; nodes: { name: string }[] } }[];
          }[];
        }[];
      }>(
        '{ districts { streets { name communities { name organizations(first: 100) { totalCount nodes { name } } } } } }',
        undefined,
        await t.as(login),
      );
      expect(res.errors).toBeUndefined();
      const communities = res.data!.districts.flatMap((d) =>
        d.streets.flatMap((s) =>
          s.communities.map((c) => ({ ...c, streetId: world.streets.find((w) => w.name === s.name)!.id })),
        ),
      );
      expect(communities).toHaveLength(world.communities.length);
      let seen = 0;
      for (const community of communities) {
        const seeded = world.communities.find((c) => c.streetId === community.streetId && c.name === community.name)!;
        const orgs = world.organizations.filter((o) => o.communityId === seeded.id && readable(o, user));
        expect(community.organizations.totalCount).toBe(orgs.length);
        expect(community.organizations.nodes.map((n) => n.name).sort()).toEqual(orgs.map((o) => o.name).sort());
        seen += orgs.length;
      }
      // Some of the city is the caller's, most of it is not.
      expect(seen).toBeGreaterThan(0);
      expect(communities.filter((c) => c.organizations.totalCount === 0).length).toBeGreaterThan(communities.length / 2);
    },
  );

  it('walks up: organization → community → street → district', async () => {
    const org = world.organizations.find((o) => o.communityId)!;
    const res = await t.gql(
      'query($id: ID!) { organization(id: $id) { name community { name street { name branchName district { name associationName } } } street { code } } }',
      { id: org.id },
      await t.as('district-officer'),
    );
    expect(res.errors).toBeUndefined();
    const community = world.communities.find((c) => c.id === org.communityId)!;
    const street = world.streets.find((s) => s.id === org.streetId)!;
    expect(res.data).toEqual({
      organization: {
        name: org.name,
        community: {
          name: community.name,
          street: {
            name: street.name,
            branchName: street.branchName,
            district: { name: world.districts[0]!.name, associationName: world.districts[0]!.associationName },
          },
        },
        street: { code: street.code },
      },
    });
  });

  it('answers one document asked again with other variables by those variables (@include, @skip, ids)', async () => {
    // The gateway keeps one model and one shaping per document: what a request's variables decide must not stick.
    const officer = await t.as('district-officer');
    const [a, b] = world.organizations.filter((o) => o.communityId);
    const query =
      'query($id: ID!, $full: Boolean!) { organization(id: $id) { name community @include(if: $full) { name } street @skip(if: $full) { name } } }';
    const ask = async (org: SeedOrganization, full: boolean) => {
      const res = await t.gql(query, { id: org.id, full }, officer);
      expect(res.errors).toBeUndefined();
      return res.data;
    };
    const communityOf = (org: SeedOrganization) => ({ name: world.communities.find((c) => c.id === org.communityId)!.name });
    const streetOf = (org: SeedOrganization) => ({ name: world.streets.find((s) => s.id === org.streetId)!.name });
    for (let round = 0; round < 2; round++) {
      expect(await ask(a!, true)).toEqual({ organization: { name: a!.name, community: communityOf(a!) } });
      expect(await ask(b!, false)).toEqual({ organization: { name: b!.name, street: streetOf(b!) } });
    }
  });
  it('shows a street-level organization with its street and no community', async () => {
    const org = world.organizations.find((o) => o.level === 'STREET')!;
    const res = await t.gql(
      'query($id: ID!) { organization(id: $id) { level community { name } street { name } } }',
      { id: org.id },
      await t.as('district-officer'),
    );
    expect(res.data).toEqual({
      organization: {
        level: 'STREET',
        community: null,
        street: { name: world.streets.find((s) => s.id === org.streetId)!.name },
      },
    });
  });

  it('answers the public from the public register: filed organizations only', async () => {
    const res = await t.gql<{
      districts: {
        streets: {
          communities: {
            name: string;
            organizations: { totalCount: number; nodes: { status: string; memberCount: number }[] };
          }[];
        }[];
      }[];
    }>(
      '{ districts { streets { communities { name organizations(first: 100) { totalCount nodes { status memberCount } } } } } }',
    );
    expect(res.errors).toBeUndefined();
    const communities = res.data!.districts[0]!.streets.flatMap((s) => s.communities);
    for (const community of communities) {
      const seeded = world.communities.find((c) => c.name === community.name && community.organizations.totalCount >= 0)!;
      const filed = world.organizations.filter((o) => o.communityId === seeded.id && o.status === 'FILED');
      expect(community.organizations.totalCount).toBe(filed.length);
      expect(community.organizations.nodes.every((n) => n.status === 'FILED')).toBe(true);
    }
  });
});

describe('batching through the gateway', () => {
  const QUERY =
    'query($first: Int) { organizations(first: $first) { nodes { name community { name street { name district { name } } } } } }';

  async function statementsPerSubgraph(first: number) {
    for (const counter of Object.values(t.queries)) counter.reset();
    const res = await t.gql<{ organizations: { nodes: { community: { street: { district: { name: string } } } | null }[] } }>(
      QUERY,
      { first },
      await t.as('district-officer'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.organizations.nodes).toHaveLength(first);
    return { district: t.queries.district.count, street: t.queries.street.count, community: t.queries.community.count };
  }

  it('costs a constant number of SQL statements per subgraph, whatever `first` is', async () => {
    expect(world.organizations.length).toBeGreaterThanOrEqual(100);
    const ten = await statementsPerSubgraph(10);
    const hundred = await statementsPerSubgraph(100);
    expect(hundred).toEqual(ten);
    // community: the page + the communities; street: the streets; district: the districts.
    expect(hundred).toEqual({ community: 2, street: 1, district: 1 });
  });

  it('reads an organization page’s long texts only when the request asks for them, and answers them in full when it does', async () => {
    const officer = await t.as('district-officer');
    const page = (fields: string) =>
      t.gql<{ districts: { streets: { communities: { organizations: { nodes: Record<string, string>[] } }[] }[] }[] }>(
        `{ districts { streets { communities { organizations(first: 3) { nodes { id ${fields} } } } } } }`,
        {},
        officer,
      );
    const pageStatement = () => t.queries.community.statements.filter((s) => s.includes('cross join lateral'));
    t.queries.community.reset();
    const plain = await page('name status');
    expect(plain.errors).toBeUndefined();
    expect(pageStatement()).toHaveLength(1);
    expect(pageStatement()[0]).not.toMatch(/purpose|activity_area|created_at/);
    t.queries.community.reset();
    const texts = await page('name purpose activityArea foundedOn');
    expect(texts.errors).toBeUndefined();
    expect(pageStatement()[0]).toMatch(/"purpose".*"activity_area".*"founded_on"/);
    expect(pageStatement()[0]).not.toMatch(/activity_schedule|created_at/);
    // The root list likewise.
    const rootStatement = () => t.queries.community.statements.filter((s) => /^select .* from "organization" .*limit/s.test(s));
    t.queries.community.reset();
    expect((await t.gql('{ organizations(first: 3) { nodes { id name } } }', {}, officer)).errors).toBeUndefined();
    expect(rootStatement()).toHaveLength(1);
    expect(rootStatement()[0]).not.toMatch(/purpose|\*/);
    t.queries.community.reset();
    expect((await t.gql('{ organizations(first: 3) { edges { node { purpose } } } }', {}, officer)).errors).toBeUndefined();
    expect(rootStatement()[0]).toMatch(/"purpose"/);
    expect(rootStatement()[0]).not.toMatch(/activity_area/);
    const nodes = texts.data!.districts.flatMap((d) =>
      d.streets.flatMap((s) => s.communities.flatMap((c) => c.organizations.nodes)),
    );
    expect(nodes.length).toBeGreaterThan(10);
    for (const node of nodes) {
      const seeded = world.organizations.find((o) => o.id === node.id)!;
      expect(node).toEqual({
        id: seeded.id,
        name: seeded.name,
        purpose: seeded.purpose,
        activityArea: seeded.activityArea,
        foundedOn: seeded.foundedOn,
      });
    }
  });
});

describe('bad input through the gateway', () => {
  it('answers an unknown id with NOT_FOUND', async () => {
    for (const field of ['district', 'street', 'community', 'organization']) {
      const res = await t.gql(`{ ${field}(id: "00000000-0000-5000-8000-00000000beef") { id } }`);
      expect(res.status).toBe(200);
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(res.errors?.[0]?.message).not.toMatch(/select|stack|at /i);
    }
  });

  it('answers first: 100000 and a malformed cursor with BAD_USER_INPUT naming the field', async () => {
    const big = await t.gql('{ organizations(first: 100000) { totalCount } }');
    expect(big.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'first' }] });
    const nested = await t.gql('{ districts { streets { communities { organizations(first: 101) { totalCount } } } } }');
    expect(nested.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'first' }] });
    const cursor = await t.gql('{ organizations(after: "💥") { totalCount } }');
    expect(cursor.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'after', code: 'MALFORMED_CURSOR' }],
    });
  });

  it('answers an unknown filter value with a 400 validation error, not a 500', async () => {
    const res = await t.gql('{ organizations(filter: { category: KARAOKE }) { totalCount } }');
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0]?.message).toContain('KARAOKE');
  });

  it('answers malformed GraphQL with a 400 parse error', async () => {
    const res = await t.gql('{ organizations(first: ) }');
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});

describe('start-up', () => {
  it('seeds once: restarting on the same databases adds nothing', async () => {
    const officer = await t.as('district-officer');
    const before = await t.gql<{ organizations: { totalCount: number } }>(
      '{ organizations(first: 0) { totalCount } }',
      undefined,
      officer,
    );
    await t.stop({ keepDatabases: true });
    t = await startTestStack({ seedSize: SIZE, databaseUrls: t.databaseUrls, busUrl: t.busUrl });
    const after = await t.gql<{ organizations: { totalCount: number }; districts: { streets: unknown[] }[] }>(
      '{ organizations(first: 0) { totalCount } districts { streets { name } } }',
      undefined,
      await t.as('district-officer'),
    );
    expect(after.data?.organizations.totalCount).toBe(before.data?.organizations.totalCount);
    expect(after.data?.organizations.totalCount).toBe(world.organizations.length);
    expect(after.data?.districts[0]?.streets).toHaveLength(world.streets.length);
  });
});
