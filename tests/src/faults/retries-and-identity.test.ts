import { randomUUID } from 'node:crypto';
import { demoClaims } from '@cso/demo-world';
import { bootstrapGateway, type RunningGateway } from '@cso/gateway';
import { clock, localMonth, signDevToken } from '@cso/platform';
import { postGraphQL } from '@cso/platform/testing';
import { startTestStack, type TestStack } from '../support/stack.js';
import { until } from '../support/filing.js';

/**
 * Safe retries and identity hygiene through the gateway: a mutation retried with its idempotency key
 * has one effect; rate limits per caller answer 429 with Retry-After; request ids are the gateway's;
 * `_service` needs a signed-in caller or the registry's credential; a revoked token is refused by the
 * gateway and by every subgraph.
 */
let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ seedSize: 0.2 });
}, 120_000);
afterAll(() => t?.stop());

const SUBMIT = `mutation($org: ID!, $month: String!, $input: MonthlyReportInput!) {
  submitMonthlyReport(organizationId: $org, month: $month, input: $input) { id revision }
}`;

describe('idempotency keys', () => {
  const month = localMonth(clock.now());
  const input = (participants: number) => ({
    participants,
    activities: [{ date: `${month}-01`, content: '组织成员开展日常活动' }],
    publicBenefitScope: '本社区居民',
    partyMembersTakingPart: 0,
  });

  it('a monthly report retried 20 times with one key is one revision, and each retry gets the first answer', async () => {
    const leader = t.users.find((u) => u.login === 'org-leader')!;
    const headers = { ...(await t.as('org-leader')), 'idempotency-key': `monthly-${randomUUID()}` };
    const answers = [];
    for (let i = 0; i < 20; i++)
      answers.push(
        await t.gql<{ submitMonthlyReport: { id: string; revision: number } }>(
          SUBMIT,
          { org: leader.organizationId, month, input: input(42) },
          headers,
        ),
      );
    expect(answers.every((a) => a.errors === undefined)).toBe(true);
    expect(new Set(answers.map((a) => a.data!.submitMonthlyReport.id)).size).toBe(1);
    expect(answers[0]!.data!.submitMonthlyReport.revision).toBe(1);
    const rows = await t
      .subgraph('street')
      .orm.em.fork()
      .execute<{ n: string }[]>('select count(*) as n from monthly_report where organization_id = ? and month = ?', [
        leader.organizationId,
        month,
      ]);
    expect(Number(rows[0]!.n)).toBe(1);

    const reused = await t.gql(SUBMIT, { org: leader.organizationId, month, input: input(99) }, headers);
    expect(reused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });

    // A new key is a new request: the correction of the month, revision 2.
    const correction = await t.gql<{ submitMonthlyReport: { revision: number } }>(
      SUBMIT,
      { org: leader.organizationId, month, input: input(99) },
      { ...headers, 'idempotency-key': `monthly-${randomUUID()}` },
    );
    expect(correction.data?.submitMonthlyReport.revision).toBe(2);
  });

  it('a first try that failed leaves no trace: the same key may be sent again once the input is fixed', async () => {
    const leader = t.users.find((u) => u.login === 'org-leader')!;
    const headers = { ...(await t.as('org-leader')), 'idempotency-key': `monthly-${randomUUID()}` };
    const bad = await t.gql(SUBMIT, { org: leader.organizationId, month: '2999-01', input: input(5) }, headers);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const fixed = await t.gql(SUBMIT, { org: leader.organizationId, month: '2999-01', input: input(5) }, headers);
    expect(fixed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('rate limits per caller', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await bootstrapGateway(
      {
        PORT: 0,
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        SUPERGRAPH_WATCH: false,
        DISTRICT_URL: t.subgraph('district').url,
        STREET_URL: t.subgraph('street').url,
        COMMUNITY_URL: t.subgraph('community').url,
        AUTH_MODE: 'dev',
        AUTH_DEV_PUBLIC_KEY: JSON.stringify(t.auth.keys.publicJwk),
        DISTRICT_GATEWAY_SECRET: t.auth.gatewaySecrets.district,
        STREET_GATEWAY_SECRET: t.auth.gatewaySecrets.street,
        COMMUNITY_GATEWAY_SECRET: t.auth.gatewaySecrets.community,
        RATE_LIMIT_PER_MINUTE: 60,
        RATE_LIMIT_BURST: 5,
        PUBLIC_RATE_LIMIT_PER_MINUTE: 30,
        PUBLIC_RATE_LIMIT_BURST: 3,
      },
      { NODE_ENV: 'test' },
    );
  });
  afterAll(() => gateway?.stop());

  const ask = (headers: Record<string, string> = {}) =>
    fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ __typename }' }),
    });

  it('a caller past their burst gets 429 with Retry-After and RATE_LIMITED; another caller is not held back', async () => {
    const analyst = await t.as('analyst');
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await ask(analyst)).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    const limited = await ask(analyst);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await limited.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'RATE_LIMITED',
    );
    expect((await ask(await t.as('district-officer'))).status).toBe(200);
  });

  it('the public is limited per address, more tightly', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await ask()).status);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.slice(3)).toContain(429);
  });
});

describe('request ids', () => {
  it('are made by the gateway; a client’s own id is kept apart as its correlation id', async () => {
    const res = await fetch(t.stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'my-own-id-123' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-correlation-id')).toBe('my-own-id-123');
  });
});

describe('_service', () => {
  it('is refused to a holder of the gateway secret without a token, served with a token or the registry credential', async () => {
    const url = t.subgraph('street').url;
    const secret = { 'x-gateway-secret': t.auth.gatewaySecrets.street };
    const anonymous = await postGraphQL(url, '{ _service { sdl } }', undefined, secret);
    expect(anonymous.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', rule: 'SERVICE_SDL_REQUIRES_SIGN_IN' });
    const signedIn = await postGraphQL<{ _service: { sdl: string } }>(url, '{ _service { sdl } }', undefined, {
      ...secret,
      ...(await t.as('analyst')),
    });
    expect(signedIn.data?._service.sdl).toContain('type Street');
  });
});

describe('revoked tokens', () => {
  const PROBE = '{ organizations(first: 1) { totalCount } }';

  it('a token revoked by its id is refused by the gateway and every subgraph within seconds; the person’s other tokens still work', async () => {
    const officer = t.users.find((u) => u.login === 'street-officer')!;
    const jti = randomUUID();
    const token = await signDevToken(t.auth.keys.privateJwk, { ...demoClaims(officer), jti });
    const other = await signDevToken(t.auth.keys.privateJwk, demoClaims(officer));
    const bearer = (x: string) => ({ authorization: `Bearer ${x}` });
    expect((await t.gql(PROBE, undefined, bearer(token))).errors).toBeUndefined();
    const districtId = t.users.find((u) => u.login === 'district-officer')!.districtId;
    const revoked = await t.gql(
      'mutation($d: ID!, $i: RevokeAccessInput!) { revokeAccess(districtId: $d, input: $i) { kind value expiresAt } }',
      { d: districtId, i: { tokenId: jti, reason: '设备遗失' } },
      await t.as('district-officer'),
    );
    expect(revoked.errors).toBeUndefined();
    await until(
      async () => (await t.gql(PROBE, undefined, bearer(token))).errors?.[0]?.extensions?.code,
      (code) => code === 'UNAUTHENTICATED',
      15_000,
    );
    // The gateway refreshes its copy of the district's list every REVOCATION_REFRESH_MS (5 s); then it refuses the token itself (401).
    const viaGateway = await until(
      () => t.gql(PROBE, undefined, bearer(token)),
      (res) => res.status === 401,
      15_000,
    );
    expect(viaGateway.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    for (const tier of ['district', 'street', 'community'] as const) {
      await until(
        async () =>
          (
            await postGraphQL(
              t.subgraph(tier).url,
              PROBE.replace('organizations(first: 1) { totalCount }', '__typename'),
              undefined,
              bearer(token),
            )
          ).status,
        (status) => status === 401,
        15_000,
      );
    }
    expect((await t.gql(PROBE, undefined, bearer(other))).errors).toBeUndefined();
  }, 60_000);

  it('only a district officer of that district revokes access, and every problem of the input is named', async () => {
    const districtId = t.users.find((u) => u.login === 'district-officer')!.districtId;
    const MUTATION = 'mutation($d: ID!, $i: RevokeAccessInput!) { revokeAccess(districtId: $d, input: $i) { kind } }';
    const refused = await t.gql(
      MUTATION,
      { d: districtId, i: { subject: 'demo:analyst', reason: '离职' } },
      await t.as('street-officer'),
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await t.gql(
      MUTATION,
      { d: districtId, i: { subject: 'x', tokenId: 'y', reason: '' } },
      await t.as('district-officer'),
    );
    expect((bad.errors?.[0]?.extensions?.fields as { field: string }[]).map((f) => f.field).sort()).toEqual([
      'input',
      'input.reason',
    ]);
  });
});
