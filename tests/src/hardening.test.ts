import { generateWorld, membersOf } from '@cso/demo-world';
import { encodeCursor, GATEWAY_SECRET_HEADER, identityNumber } from '@cso/platform';
import { postGraphQL } from '@cso/platform/testing';
import { startTestStack, type TestStack } from './support/stack.js';

/** Regression tests for holes found in review: each names the way in that it closes. */
const SIZE = 0.3;
const world = generateWorld(SIZE);
let t: TestStack;

beforeAll(async () => {
  t = await startTestStack({ seedSize: SIZE });
});
afterAll(() => t?.stop());

const user = (login: string) => t.users.find((u) => u.login === login)!;
const ownOrg = () => world.organizations.find((o) => o.id === user('org-leader').organizationId)!;

describe('personal data does not leak around the mask', () => {
  it('cursors of a masked roster carry no names', async () => {
    const res = await t.gql<{
      organization: { members: { edges: { cursor: string; node: { name: string } }[]; pageInfo: { endCursor: string } } };
    }>(
      'query($id: ID!) { organization(id: $id) { members(first: 5) { edges { cursor node { name } } pageInfo { endCursor } } } }',
      { id: ownOrg().id },
      await t.as('street-officer'),
    );
    const names = membersOf(ownOrg()).map((m) => m.name);
    for (const edge of res.data!.organization.members.edges) {
      const decoded = Buffer.from(edge.cursor, 'base64url').toString('utf8');
      expect(names.some((n) => decoded.includes(n))).toBe(false);
      expect(edge.node.name).toMatch(/\*/);
    }
  });

  it('birth dates are cut to the year for masked callers, so the identity number cannot be rebuilt', async () => {
    const query = 'query($id: ID!) { organization(id: $id) { members(first: 3) { nodes { birthDate } } } }';
    const masked = await t.gql<{ organization: { members: { nodes: { birthDate: string }[] } } }>(
      query,
      { id: ownOrg().id },
      await t.as('district-officer'),
    );
    expect(masked.data!.organization.members.nodes.every((m) => /^\d{4}-\*\*-\*\*$/.test(m.birthDate))).toBe(true);
    const full = await t.gql<{ organization: { members: { nodes: { birthDate: string }[] } } }>(
      query,
      { id: ownOrg().id },
      await t.as('community-officer'),
    );
    expect(full.data!.organization.members.nodes.every((m) => /^\d{4}-\d{2}-\d{2}$/.test(m.birthDate))).toBe(true);
  });
});

describe('guards see through fragments', () => {
  it('refuses public introspection hidden in a named fragment', async () => {
    const res = await t.gql('query { ...F } fragment F on Query { __schema { queryType { name } } }');
    expect(res.status).toBe(403);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses _service and _entities hidden in a fragment without the gateway secret', async () => {
    const url = t.subgraph('community').url;
    for (const query of [
      'query { ...F } fragment F on Query { _service { sdl } }',
      'query { ... on Query { ...G } } fragment G on Query { _entities(representations: []) { __typename } }',
    ]) {
      const res = await postGraphQL(url, query, undefined, await t.as('district-officer'));
      expect(res.status).toBe(403);
      expect(res.errors?.[0]?.extensions?.rule).toBe('GATEWAY_ONLY');
    }
  });
});

describe('the cost limit counts page sizes given as variables', () => {
  const WIDE = `query($n: Int) { ${[0, 1, 2, 3]
    .map((i) => `q${i}: organizations(first: $n) { nodes { name members(first: $n) { nodes { name phone } } } }`)
    .join(' ')} }`;

  it('refuses a query whose variables make it too costly, and runs it with small pages', async () => {
    const headers = await t.as('district-officer');
    const big = await t.gql(WIDE, { n: 100 }, headers);
    expect(big.status).toBe(400);
    expect(big.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', rule: 'COST_LIMIT' });
    const small = await t.gql(WIDE, { n: 2 }, headers);
    expect(small.errors).toBeUndefined();
  });

  it('cannot be switched off by a skipped field with an oversized page', async () => {
    const res = await t.gql(
      `query($n: Int) { x: organizations(first: 101) @skip(if: true) { totalCount } ${[0, 1, 2, 3].map((i) => `q${i}: organizations(first: $n) { nodes { members(first: $n) { nodes { name } } } }`).join(' ')} }`,
      { n: 100 },
      await t.as('district-officer'),
    );
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.rule).toBe('COST_LIMIT');
  });
});

describe('bad input never reaches SQL', () => {
  it('a forged cursor is BAD_USER_INPUT; a cursor of a row that is gone gives an empty page', async () => {
    const headers = await t.as('district-officer');
    const forged = Buffer.from(JSON.stringify(['x', 'not-a-uuid'])).toString('base64url');
    const res = await t.gql('query($a: String) { organizations(after: $a) { totalCount } }', { a: forged }, headers);
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'after', code: 'MALFORMED_CURSOR' }],
    });
    const gone = await t.gql<{ organizations: { nodes: unknown[] } }>(
      'query($a: String) { organizations(after: $a) { nodes { id } } }',
      { a: encodeCursor('00000000-0000-5000-8000-000000000000') },
      headers,
    );
    expect(gone.errors).toBeUndefined();
    expect(gone.data?.organizations.nodes).toEqual([]);
  });

  it('a NUL character in any text is refused with BAD_USER_INPUT', async () => {
    const viaVariable = await t.gql('query($s: String) { organizations(filter: { search: $s }) { totalCount } }', {
      s: 'a\u0000b',
    });
    expect(viaVariable.status).toBe(400);
    expect(viaVariable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const viaLiteral = await t.gql('{ organizations(filter: { search: "a\\u0000b" }) { totalCount } }');
    expect(viaLiteral.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a malformed key among entity references resolves to null without failing the batch', async () => {
    const res = await postGraphQL<{ _entities: ({ communities: unknown[] } | null)[] }>(
      t.subgraph('community').url,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Street { communities { name } } } }',
      {
        r: [
          { __typename: 'Street', id: world.streets[0]!.id },
          { __typename: 'Street', id: 'nope' },
        ],
      },
      { [GATEWAY_SECRET_HEADER]: t.auth.gatewaySecrets.community },
    );
    expect(res.data?._entities[0]?.communities.length).toBeGreaterThan(0);
    expect(res.data?._entities[1]).toBeNull();
  });
});

describe('mutations under concurrency', () => {
  const ADD = 'mutation($org: ID!, $input: MemberInput!) { addMember(organizationId: $org, input: $input) { id } }';
  const trailCount = async () =>
    (
      await t.gql<{ district: { communityAuditTrail: { totalCount: number } } }>(
        'query($id: ID!) { district(id: $id) { communityAuditTrail(first: 0) { totalCount } } }',
        { id: world.districts[0]!.id },
        await t.as('district-officer'),
      )
    ).data!.district.communityAuditTrail.totalCount;

  it('adds one person once, even when two adds race', async () => {
    const headers = await t.as('community-officer');
    const input = {
      name: '林晓东',
      gender: 'MALE',
      birthDate: '1971-03-09',
      idNumber: identityNumber('120105', '1971-03-09', 321),
      phone: '13700001111',
      isPartyMember: false,
      role: 'MEMBER',
    };
    const before = await trailCount();
    const results = await Promise.all(
      [0, 1, 2].map(() => t.gql<{ addMember: { id: string } }>(ADD, { org: ownOrg().id, input }, headers)),
    );
    expect(results.filter((r) => r.data?.addMember).length).toBe(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT').length).toBe(2);
    expect(await trailCount()).toBe(before + 1);
  });

  it('removes and audits a member once, even when two removals race', async () => {
    const headers = await t.as('community-officer');
    const input = {
      name: '林晓西',
      gender: 'FEMALE',
      birthDate: '1972-04-10',
      idNumber: identityNumber('120105', '1972-04-10', 322),
      phone: '13700002222',
      isPartyMember: false,
      role: 'MEMBER',
    };
    const added = await t.gql<{ addMember: { id: string } }>(ADD, { org: ownOrg().id, input }, headers);
    const before = await trailCount();
    const results = await Promise.all(
      [0, 1].map(() =>
        t.gql<{ removeMember: boolean }>(
          'mutation($id: ID!) { removeMember(memberId: $id) }',
          { id: added.data!.addMember.id },
          headers,
        ),
      ),
    );
    expect(results.filter((r) => r.data?.removeMember === true).length).toBe(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'NOT_FOUND').length).toBe(1);
    expect(await trailCount()).toBe(before + 1);
  });

  it('records no change when nothing changes', async () => {
    const headers = await t.as('org-leader');
    const MUTATE =
      'mutation($id: ID!, $v: Boolean!) { setPartyStation(organizationId: $id, hasPartyStation: $v) { hasPartyStation } }';
    await t.gql(MUTATE, { id: ownOrg().id, v: true }, headers);
    const before = await trailCount();
    const again = await t.gql(MUTATE, { id: ownOrg().id, v: true }, headers);
    expect(again.errors).toBeUndefined();
    expect(await trailCount()).toBe(before);
  });
});

describe('hierarchy reads within jurisdiction', () => {
  it('another community’s organizations are left out of its list, not an error', async () => {
    const res = await t.gql<{ community: { name: string; organizations: { totalCount: number } } }>(
      'query($id: ID!) { community(id: $id) { name organizations(first: 5) { totalCount } } }',
      { id: user('community-officer').communityId },
      await t.as('community-officer-2'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.community.organizations.totalCount).toBe(0);
  });
});
