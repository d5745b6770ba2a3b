import { demoClaims, generateWorld, membersOf, type SeedOrganization } from '@cso/demo-world';
import { generateDevKeyPair, GATEWAY_SECRET_HEADER, identityNumber, signDevToken } from '@cso/platform';
import { postGraphQL } from '@cso/platform/testing';
import { startTestStack, type TestStack } from './support/stack.js';

const SIZE = 0.3;
const world = generateWorld(SIZE);
let t: TestStack;

beforeAll(async () => {
  t = await startTestStack({ seedSize: SIZE });
});
afterAll(() => t?.stop());

const user = (login: string) => t.users.find((u) => u.login === login)!;
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The organizations the matrix reads and acts on, picked from the seed by where they sit. */
function targets() {
  const own = world.organizations.find((o) => o.id === user('org-leader').organizationId)!;
  const filedIn = (predicate: (o: SeedOrganization) => boolean) =>
    world.organizations.find((o) => o.status === 'FILED' && o.level === 'COMMUNITY' && predicate(o))!;
  return {
    own,
    otherCommunity: filedIn((o) => o.communityId === user('community-officer-2').communityId),
    otherStreet: filedIn((o) => o.streetId === user('street-officer-2').streetId),
    // Not on the public register: an application in community-officer's community.
    unfiled: world.organizations.find((o) => o.status === 'APPLYING' && o.communityId === user('community-officer').communityId)!,
  };
}

describe('tokens', () => {
  const PROBE = '{ organizations(first: 1) { totalCount } }';

  it('accepts a token of every demo user', async () => {
    for (const u of t.users) {
      const res = await t.gql(PROBE, undefined, await t.as(u.login));
      expect({ login: u.login, errors: res.errors }).toEqual({ login: u.login, errors: undefined });
    }
  });

  it('refuses expired, wrongly signed, wrong-audience, wrong-issuer, alg:none and scope-less tokens with UNAUTHENTICATED', async () => {
    const claims = demoClaims(user('community-officer'));
    const stranger = await generateDevKeyPair();
    const bad: Record<string, string> = {
      expired: await signDevToken(t.auth.keys.privateJwk, claims, { expiresIn: Math.floor(Date.now() / 1000) - 3600 }),
      wrongKey: await signDevToken(stranger.privateJwk, claims),
      wrongAudience: await signDevToken(t.auth.keys.privateJwk, claims, { audience: 'someone-else' }),
      wrongIssuer: await signDevToken(t.auth.keys.privateJwk, claims, { issuer: 'https://evil.example' }),
      algNone: `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, iss: 'cso-dev', aud: 'cso-federation', exp: Math.floor(Date.now() / 1000) + 3600 })}.`,
      noScope: await signDevToken(t.auth.keys.privateJwk, { sub: 'x', name: 'x', role: 'COMMUNITY_OFFICER' }),
      unknownRole: await signDevToken(t.auth.keys.privateJwk, { ...claims, role: 'SUPERUSER' }),
      garbage: 'not.a.token',
    };
    for (const [kind, token] of Object.entries(bad)) {
      for (const url of [t.stack.gateway.url, t.subgraph('community').url]) {
        const res = await postGraphQL(url, PROBE, undefined, { authorization: `Bearer ${token}` });
        expect({ kind, url, status: res.status, code: res.errors?.[0]?.extensions?.code }).toEqual({
          kind,
          url,
          status: 401,
          code: 'UNAUTHENTICATED',
        });
        expect(res.data ?? null).toBeNull();
      }
    }
    const basic = await t.gql(PROBE, undefined, { authorization: 'Basic dXNlcjpwYXNz' });
    expect(basic.status).toBe(401);
  });
});

describe('jurisdiction matrix, through the gateway', () => {
  const READ = 'query($id: ID!) { organization(id: $id) { id name } }';
  // Expected readability of [own, otherCommunity, otherStreet, unfiled] for each caller.
  const matrix: [string, boolean[]][] = [
    ['district-officer', [true, true, true, true]],
    ['analyst', [true, true, true, true]],
    ['street-officer', [true, true, false, true]],
    ['street-officer-2', [false, false, true, false]],
    ['community-officer', [true, false, false, true]],
    ['community-officer-2', [false, true, false, false]],
    ['org-leader', [true, false, false, false]],
    ['public', [true, true, true, false]],
  ];

  it.each(matrix)('%s reads within its jurisdiction only (FORBIDDEN outside)', async (login, expected) => {
    const { own, otherCommunity, otherStreet, unfiled } = targets();
    expect(unfiled).toBeDefined();
    const headers = login === 'public' ? {} : await t.as(login);
    const outcomes = [];
    for (const org of [own, otherCommunity, otherStreet, unfiled]) {
      const res = await t.gql<{ organization: { id: string } | null }>(READ, { id: org.id }, headers);
      outcomes.push(res.data?.organization?.id === org.id);
      if (res.data?.organization?.id !== org.id) expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(outcomes).toEqual(expected);
  });

  it.each(matrix)('%s sees lists cut to its jurisdiction (out of scope is left out, not an error)', async (login) => {
    const headers = login === 'public' ? {} : await t.as(login);
    const res = await t.gql<{ organizations: { totalCount: number } }>(
      '{ organizations(first: 0) { totalCount } }',
      undefined,
      headers,
    );
    expect(res.errors).toBeUndefined();
    const u = login === 'public' ? null : user(login);
    const expected = world.organizations.filter((o) => {
      if (!u) return o.status === 'FILED';
      switch (u.role) {
        case 'DISTRICT_OFFICER':
        case 'ANALYST':
          return o.districtId === u.districtId;
        case 'STREET_OFFICER':
          return o.streetId === u.streetId;
        case 'COMMUNITY_OFFICER':
          return o.communityId === u.communityId;
        case 'ORG_LEADER':
          return o.id === u.organizationId;
      }
    });
    expect(res.data?.organizations.totalCount).toBe(expected.length);
  });

  it('lets only the community officer and the leader act on an organization; nothing changes otherwise', async () => {
    const { own, otherCommunity } = targets();
    const ACT =
      'mutation($id: ID!, $v: Boolean!) { setPartyStation(organizationId: $id, hasPartyStation: $v) { id hasPartyStation } }';
    const station = async (id: string) =>
      (
        await t.gql<{ organization: { hasPartyStation: boolean } }>(
          'query($id: ID!) { organization(id: $id) { hasPartyStation } }',
          { id },
          await t.as('district-officer'),
        )
      ).data!.organization.hasPartyStation;
    const auditCount = async () =>
      (
        await t.gql<{ district: { communityAuditTrail: { totalCount: number } } }>(
          'query($id: ID!) { district(id: $id) { communityAuditTrail(first: 0) { totalCount } } }',
          { id: world.districts[0]!.id },
          await t.as('district-officer'),
        )
      ).data!.district.communityAuditTrail.totalCount;

    const refused: [string, SeedOrganization, string][] = [
      ['community-officer', otherCommunity, 'FORBIDDEN'],
      ['community-officer-2', own, 'FORBIDDEN'],
      ['org-leader', otherCommunity, 'FORBIDDEN'],
      ['street-officer', own, 'FORBIDDEN'],
      ['street-officer-2', own, 'FORBIDDEN'],
      ['district-officer', own, 'FORBIDDEN'],
      ['analyst', own, 'FORBIDDEN'],
      ['public', own, 'UNAUTHENTICATED'],
    ];
    const auditBefore = await auditCount();
    for (const [login, org, code] of refused) {
      const before = await station(org.id);
      const res = await t.gql(ACT, { id: org.id, v: !before }, login === 'public' ? {} : await t.as(login));
      expect({ login, code: res.errors?.[0]?.extensions?.code }).toEqual({ login, code });
      expect(await station(org.id)).toBe(before);
    }
    expect(await auditCount()).toBe(auditBefore);

    for (const [login, org] of [
      ['community-officer', own],
      ['org-leader', own],
      ['community-officer-2', otherCommunity],
    ] as const) {
      const before = await station(org.id);
      const res = await t.gql<{ setPartyStation: { hasPartyStation: boolean } }>(
        ACT,
        { id: org.id, v: !before },
        await t.as(login),
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?.setPartyStation.hasPartyStation).toBe(!before);
      expect(await station(org.id)).toBe(!before);
    }
    expect(await auditCount()).toBe(auditBefore + 3);
  });
});

describe('the same matrix, straight to the community subgraph through _entities', () => {
  const ENTITY = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { id } } }';
  const MEMBERS =
    'query($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { members(first: 1) { nodes { idNumber } } } } }';
  // [own, otherCommunity, otherStreet] readable?, and what the caller sees of own members.
  const matrix: [string, boolean[], 'FULL' | 'MASKED' | 'FORBIDDEN' | 'UNAUTHENTICATED'][] = [
    ['district-officer', [true, true, true], 'MASKED'],
    ['analyst', [true, true, true], 'FORBIDDEN'],
    ['street-officer', [true, true, false], 'MASKED'],
    ['street-officer-2', [false, false, true], 'FORBIDDEN'],
    ['community-officer', [true, false, false], 'FULL'],
    ['community-officer-2', [false, true, false], 'FORBIDDEN'],
    ['org-leader', [true, false, false], 'FULL'],
    ['public', [true, true, true], 'UNAUTHENTICATED'],
  ];

  it.each(matrix)('%s: the subgraph applies the gateway’s rules', async (login, readable, members) => {
    const { own, otherCommunity, otherStreet } = targets();
    const headers = {
      [GATEWAY_SECRET_HEADER]: t.auth.gatewaySecrets.community,
      ...(login === 'public' ? {} : await t.as(login)),
    };
    const url = t.subgraph('community').url;
    const outcomes = [];
    for (const org of [own, otherCommunity, otherStreet]) {
      const res = await postGraphQL<{ _entities: ({ id: string } | null)[] }>(
        url,
        ENTITY,
        { r: [{ __typename: 'Organization', id: org.id }] },
        headers,
      );
      outcomes.push(res.data?._entities[0]?.id === org.id);
    }
    expect(outcomes).toEqual(readable);
    const res = await postGraphQL<{ _entities: ({ members: { nodes: { idNumber: string }[] } } | null)[] }>(
      url,
      MEMBERS,
      { r: [{ __typename: 'Organization', id: own.id }] },
      headers,
    );
    const idNumber = res.data?._entities[0]?.members?.nodes[0]?.idNumber;
    const seen = idNumber ? (idNumber.includes('*') ? 'MASKED' : 'FULL') : res.errors?.[0]?.extensions?.code;
    expect(seen).toBe(members);
  });

  it('acting on members follows the same rules, straight to the subgraph', async () => {
    const { own, otherCommunity } = targets();
    const url = t.subgraph('community').url;
    const ADD = 'mutation($org: ID!, $input: MemberInput!) { addMember(organizationId: $org, input: $input) { id } }';
    const input = (seq: number) => ({
      name: '郑小红',
      gender: 'FEMALE',
      birthDate: '1980-01-02',
      idNumber: identityNumber('120105', '1980-01-02', seq),
      phone: '13600003333',
      isPartyMember: false,
      role: 'MEMBER',
    });
    const cases: [string, SeedOrganization, string | null][] = [
      ['community-officer-2', own, 'FORBIDDEN'],
      ['org-leader', otherCommunity, 'FORBIDDEN'],
      ['street-officer', own, 'FORBIDDEN'],
      ['analyst', own, 'FORBIDDEN'],
      ['public', own, 'UNAUTHENTICATED'],
      ['org-leader', own, null],
      ['community-officer-2', otherCommunity, null],
    ];
    let seq = 600;
    const added: [string, string][] = [];
    for (const [login, org, code] of cases) {
      const headers = login === 'public' ? {} : await t.as(login);
      const res = await postGraphQL<{ addMember: { id: string } }>(url, ADD, { org: org.id, input: input((seq += 2)) }, headers);
      expect({ login, org: org.id, code: res.errors?.[0]?.extensions?.code ?? null }).toEqual({ login, org: org.id, code });
      if (res.data?.addMember) added.push([login, res.data.addMember.id]);
    }
    // Removing is acting too: only the same callers may, and it leaves the rosters as seeded.
    for (const [login, id] of added) {
      const refused = await postGraphQL(
        url,
        'mutation($id: ID!) { removeMember(memberId: $id) }',
        { id },
        await t.as('street-officer-2'),
      );
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const removed = await postGraphQL<{ removeMember: boolean }>(
        url,
        'mutation($id: ID!) { removeMember(memberId: $id) }',
        { id },
        await t.as(login),
      );
      expect(removed.data?.removeMember).toBe(true);
    }
  });
});

describe('jurisdiction, straight to the community subgraph (as if through the gateway)', () => {
  const ENTITIES =
    'query($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { id name members(first: 3) { nodes { name idNumber phone } } } } }';

  it('keeps _entities behind the gateway secret', async () => {
    const { own } = targets();
    const url = t.subgraph('community').url;
    const withoutSecret = await postGraphQL(
      url,
      ENTITIES,
      { r: [{ __typename: 'Organization', id: own.id }] },
      await t.as('community-officer'),
    );
    expect(withoutSecret.status).toBe(403);
    expect(withoutSecret.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'GATEWAY_ONLY' });
    const service = await postGraphQL(url, '{ _service { sdl } }');
    expect(service.status).toBe(403);
    const wrongSecret = await postGraphQL(url, '{ _service { sdl } }', undefined, {
      [GATEWAY_SECRET_HEADER]: 'guessing-the-secret-000',
    });
    expect(wrongSecret.status).toBe(403);
  });

  it('applies the same policies to _entities as to root fields: community-officer-2 gets FORBIDDEN', async () => {
    const { own } = targets();
    const gateway = { [GATEWAY_SECRET_HEADER]: t.auth.gatewaySecrets.community };
    const url = t.subgraph('community').url;
    const other = await postGraphQL<{ _entities: unknown[] }>(
      url,
      ENTITIES,
      { r: [{ __typename: 'Organization', id: own.id }] },
      { ...gateway, ...(await t.as('community-officer-2')) },
    );
    expect(other.data?._entities).toEqual([null]);
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const mine = await postGraphQL<{ _entities: { members: { nodes: { name: string }[] } }[] }>(
      url,
      ENTITIES,
      { r: [{ __typename: 'Organization', id: own.id }] },
      { ...gateway, ...(await t.as('community-officer')) },
    );
    expect(mine.errors).toBeUndefined();
    const roster = membersOf(own).map((m) => m.name);
    for (const m of mine.data!._entities[0]!.members.nodes) expect(roster).toContain(m.name);
  });
});

describe('personal data', () => {
  const MEMBERS =
    'query($id: ID!) { organization(id: $id) { memberCount leader { name } members(first: 100) { nodes { name idNumber phone } } } }';

  it('is in full for the community officer and the leader of the organization', async () => {
    const { own } = targets();
    const roster = membersOf(own);
    for (const login of ['community-officer', 'org-leader']) {
      const res = await t.gql<{ organization: { members: { nodes: { name: string; idNumber: string; phone: string }[] } } }>(
        MEMBERS,
        { id: own.id },
        await t.as(login),
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.organization.members.nodes.map((m) => m.idNumber).sort()).toEqual(roster.map((m) => m.idNumber).sort());
    }
  });

  it('is masked for other officers who may read the organization', async () => {
    const { own } = targets();
    const roster = membersOf(own);
    for (const login of ['street-officer', 'district-officer']) {
      const res = await t.gql<{
        organization: { leader: { name: string }; members: { nodes: { name: string; idNumber: string; phone: string }[] } };
      }>(MEMBERS, { id: own.id }, await t.as(login));
      expect(res.errors).toBeUndefined();
      for (const m of res.data!.organization.members.nodes) {
        expect(m.name).toMatch(/^\p{Script=Han}\*+$/u);
        expect(m.idNumber).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
        expect(m.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
      }
      const leader = roster.find((m) => m.role === 'LEADER')!;
      expect(res.data!.organization.leader.name).toBe(`${[...leader.name][0]}${'*'.repeat([...leader.name].length - 1)}`);
    }
  });

  it('is never shown to analysts or the public, who keep the aggregates', async () => {
    const { own } = targets();
    const analyst = await t.gql<{ organization: { memberCount: number } | null }>(MEMBERS, { id: own.id }, await t.as('analyst'));
    expect(analyst.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
    const counts = await t.gql<{ organization: { memberCount: number; partyMemberCount: number } }>(
      'query($id: ID!) { organization(id: $id) { memberCount partyMemberCount } }',
      { id: own.id },
      await t.as('analyst'),
    );
    expect(counts.data?.organization).toEqual({ memberCount: own.memberCount, partyMemberCount: own.partyMemberCount });
    const anonymous = await t.gql(MEMBERS, { id: own.id });
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toContain('UNAUTHENTICATED');
    expect(JSON.stringify(anonymous)).not.toContain(membersOf(own)[0]!.idNumber);
  });
});

describe('public data', () => {
  it('serves the public register with no token: filed organizations, register fields only', async () => {
    const { own } = targets();
    const register = await t.gql<{ organization: Record<string, unknown> }>(
      'query($id: ID!) { organization(id: $id) { name category status level community { name } street { name } } }',
      { id: own.id },
    );
    expect(register.errors).toBeUndefined();
    expect(register.data?.organization).toMatchObject({ name: own.name, status: 'FILED' });
    const more = await t.gql('query($id: ID!) { organization(id: $id) { purpose } }', { id: own.id });
    expect(more.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('offers introspection to signed-in users only, and hides field suggestions from the public', async () => {
    const anonymous = await t.gql('{ __schema { queryType { name } } }');
    expect(anonymous.status).toBe(403);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const analyst = await t.gql<{ __schema: { queryType: { name: string } } }>(
      '{ __schema { queryType { name } } }',
      undefined,
      await t.as('analyst'),
    );
    expect(analyst.data?.__schema.queryType.name).toBe('Query');
    const typoPublic = await t.gql('{ organizationz(first: 1) { totalCount } }');
    expect(typoPublic.errors?.[0]?.message).not.toContain('Did you mean');
    const typoSignedIn = await t.gql('{ organizationz(first: 1) { totalCount } }', undefined, await t.as('analyst'));
    expect(typoSignedIn.errors?.[0]?.message).toContain('Did you mean');
  });
});

describe('operation limits', () => {
  function nested(levels: number): string {
    let inner = 'name';
    for (let i = 0; i < levels; i++) inner = i % 2 ? `streets { ${inner} }` : `district { ${inner} }`;
    return `{ districts { streets { ${inner} } } }`;
  }

  it('refuses a query 20 levels deep, 100 aliases, a 5 MB body and a batch with a 4xx, and keeps serving', async () => {
    const headers = await t.as('analyst');
    const deep = await t.gql(nested(20), undefined, headers);
    expect(deep.status).toBe(400);
    expect(deep.errors?.[0]?.message).toMatch(/depth/i);

    const aliases = `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: districts { name }`).join(' ')} }`;
    const aliased = await t.gql(aliases, undefined, headers);
    expect(aliased.status).toBe(400);
    expect(aliased.errors?.[0]?.message).toMatch(/alias/i);

    const huge = await fetch(t.stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: `{ districts { name } } # ${'x'.repeat(5 * 1024 * 1024)}` }),
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );

    const batch = await fetch(t.stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify([{ query: '{ districts { name } }' }, { query: '{ districts { name } }' }]),
    });
    expect(batch.status).toBe(400);

    const tokens = await t.gql(`{ districts { ${'name '.repeat(5000)} } }`, undefined, headers);
    expect(tokens.status).toBe(400);
    expect(tokens.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');

    const still = await t.gql<{ districts: unknown[] }>('{ districts { name } }', undefined, headers);
    expect(still.data?.districts).toHaveLength(1);
  });

  it('applies the same limits at a subgraph reached directly', async () => {
    const res = await postGraphQL(t.subgraph('street').url, nested(20));
    expect(res.status).toBe(400);
  });
});

describe('audit trail', () => {
  const ADD = `mutation($org: ID!, $input: MemberInput!) { addMember(organizationId: $org, input: $input) { id name role } }`;
  const valid = {
    name: '王建华',
    gender: 'MALE',
    birthDate: '1960-05-17',
    idNumber: '',
    phone: '13912345678',
    isPartyMember: true,
    role: 'MEMBER',
  };

  it('records every change with who, what, when and before/after, for the district officers', async () => {
    const { own } = targets();
    const input = { ...valid, idNumber: identityNumber('120105', valid.birthDate, 123) };
    const added = await t.gql<{ addMember: { id: string; name: string } }>(
      ADD,
      { org: own.id, input },
      await t.as('community-officer'),
    );
    expect(added.errors).toBeUndefined();
    const trail = await t.gql<{ district: { communityAuditTrail: { nodes: Record<string, unknown>[] } } }>(
      'query($id: ID!) { district(id: $id) { communityAuditTrail(first: 5) { nodes { action tier actorId actorName actorRole targetType targetId before after at } } } }',
      { id: world.districts[0]!.id },
      await t.as('district-officer'),
    );
    expect(trail.errors).toBeUndefined();
    const [latest] = trail.data!.district.communityAuditTrail.nodes;
    expect(latest).toMatchObject({
      action: 'addMember',
      tier: 'community',
      actorId: 'demo:community-officer',
      actorName: user('community-officer').name,
      actorRole: 'COMMUNITY_OFFICER',
      targetType: 'Member',
      targetId: added.data!.addMember.id,
      before: null,
      after: { name: '王**', idNumber: `120***********${input.idNumber.slice(-4)}`, phone: '139****5678', role: 'MEMBER' },
    });
    const forbidden = await t.gql(
      'query($id: ID!) { district(id: $id) { communityAuditTrail(first: 5) { totalCount } } }',
      { id: world.districts[0]!.id },
      await t.as('street-officer'),
    );
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses bad input naming every field, and then nothing is written', async () => {
    const { own } = targets();
    const headers = await t.as('org-leader');
    const count = async () =>
      (
        await t.gql<{ organization: { memberCount: number } }>(
          'query($id: ID!) { organization(id: $id) { memberCount } }',
          { id: own.id },
          headers,
        )
      ).data!.organization.memberCount;
    const before = await count();
    const res = await t.gql(
      ADD,
      {
        org: own.id,
        input: { ...valid, name: 'X', birthDate: '2099-01-01', idNumber: '123456789012345678', phone: '12345', role: 'LEADER' },
      },
      headers,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const fields = (res.errors![0]!.extensions!.fields as { field: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual(['input.birthDate', 'input.idNumber', 'input.name', 'input.phone', 'input.role']);
    expect(await count()).toBe(before);
  });

  it('keeps the leader on the roster (POLICY_VIOLATION) and refuses a duplicate person (CONFLICT)', async () => {
    const { own } = targets();
    const headers = await t.as('community-officer');
    const leaderId = (
      await t.gql<{ organization: { members: { nodes: { id: string; role: string }[] } } }>(
        'query($id: ID!) { organization(id: $id) { members(first: 100) { nodes { id role } } } }',
        { id: own.id },
        headers,
      )
    ).data!.organization.members.nodes.find((m) => m.role === 'LEADER')!.id;
    const removal = await t.gql('mutation($id: ID!) { removeMember(memberId: $id) }', { id: leaderId }, headers);
    expect(removal.errors?.[0]?.extensions).toMatchObject({ code: 'POLICY_VIOLATION', rule: 'LEADER_REQUIRED' });
    const existing = membersOf(own)[2]!;
    const duplicate = await t.gql(
      ADD,
      {
        org: own.id,
        input: {
          ...valid,
          name: existing.name,
          gender: existing.gender,
          birthDate: existing.birthDate,
          idNumber: existing.idNumber,
        },
      },
      headers,
    );
    expect(duplicate.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE_MEMBER' });
  });
});
