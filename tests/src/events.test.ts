import { randomUUID } from 'node:crypto';
import { bootstrap as bootstrapCommunity } from '@cso/community';
import { applyOnce, createLogger, generateWorld, PgBossBus, PoliciesUpdated, POLICY_DEFAULTS, receivedPoliciesConsumer, type Consumer, type EventEnvelope } from '@cso/kit';
import { startTestStack, type TestStack } from './support/stack.js';

const SIZE = 0.2;
const world = generateWorld(SIZE);
const districtId = world.districts[0]!.id;
let t: TestStack;

beforeAll(async () => {
  t = await startTestStack({ seedSize: SIZE });
});
afterAll(() => t?.stop());

const UPDATE = 'mutation($d: ID!, $input: PoliciesInput!) { updatePolicies(districtId: $d, input: $input) { revision partyStationThreshold minimumMembers } }';
const sql = async <T extends object[]>(tier: 'district' | 'street' | 'community', query: string, params: unknown[] = []) =>
  t.subgraph(tier).orm.em.fork().execute<T>(query, params, 'all');
const received = async (tier: 'street' | 'community') =>
  (await sql<{ revision: number; values: { partyStationThreshold: number } }[]>(tier, 'select revision, values from received_policy where district_id = ?', [districtId]))[0];

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('district policies reach the other tiers through the outbox and the bus', () => {
  it('the seeded policies are already projected by the street and the community', async () => {
    for (const tier of ['street', 'community'] as const) {
      const row = await until(() => received(tier), (r) => r !== undefined);
      expect(row!.revision).toBeGreaterThanOrEqual(1);
      expect(row!.values).toMatchObject(POLICY_DEFAULTS);
    }
  });

  it('a district officer changes the party-station threshold and the community applies it', async () => {
    const org = world.organizations.find((o) => o.communityId && o.partyMemberCount >= 3)!;
    const NEEDS = 'query($id: ID!) { organization(id: $id) { partyMemberCount needsPartyStation } }';
    const officer = await t.as('district-officer');
    expect((await t.gql<{ organization: { needsPartyStation: boolean } }>(NEEDS, { id: org.id }, officer)).data?.organization.needsPartyStation).toBe(true);

    const res = await t.gql<{ updatePolicies: { revision: number; partyStationThreshold: number } }>(UPDATE, { d: districtId, input: { partyStationThreshold: org.partyMemberCount + 1 } }, officer);
    expect(res.errors).toBeUndefined();
    const revision = res.data!.updatePolicies.revision;
    await until(() => received('community'), (r) => r?.revision === revision);
    await until(() => received('street'), (r) => r?.revision === revision);
    expect((await t.gql<{ organization: { needsPartyStation: boolean } }>(NEEDS, { id: org.id }, officer)).data?.organization.needsPartyStation).toBe(false);

    const trail = await t.gql<{ district: { districtAuditTrail: { nodes: { action: string; after: { partyStationThreshold: number } }[] } } }>(
      'query($d: ID!) { district(id: $d) { districtAuditTrail(first: 1) { nodes { action after } } } }',
      { d: districtId },
      officer,
    );
    expect(trail.data?.district.districtAuditTrail.nodes[0]).toMatchObject({ action: 'updatePolicies', after: { partyStationThreshold: org.partyMemberCount + 1 } });
  });

  it('refuses other roles and bad values; then nothing is stored and no event is sent', async () => {
    const outbox = async () => Number((await sql<{ n: string }[]>('district', 'select count(*) as n from outbox'))[0]!.n);
    const revision = async () => (await t.gql<{ districts: { policies: { revision: number } }[] }>('{ districts { policies { revision } } }')).data!.districts[0]!.policies.revision;
    const [eventsBefore, revisionBefore] = [await outbox(), await revision()];
    for (const login of ['street-officer', 'community-officer', 'analyst']) {
      const res = await t.gql(UPDATE, { d: districtId, input: { minimumMembers: 12 } }, await t.as(login));
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const bad = await t.gql(UPDATE, { d: districtId, input: { minimumMembers: 0, publicNoticeDays: 400, monthlyReportDueDay: 31 } }, await t.as('district-officer'));
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((bad.errors![0]!.extensions!.fields as { field: string }[]).map((f) => f.field).sort()).toEqual(['input.minimumMembers', 'input.monthlyReportDueDay', 'input.publicNoticeDays']);
    expect([await outbox(), await revision()]).toEqual([eventsBefore, revisionBefore]);
  });
});

describe('delivery', () => {
  it('applies an event delivered twice only once', async () => {
    const current = (await received('community'))!;
    const envelope: EventEnvelope = {
      id: randomUUID(),
      type: PoliciesUpdated.type,
      version: PoliciesUpdated.version,
      producer: 'district',
      occurredAt: new Date().toISOString(),
      payload: { districtId, values: { ...POLICY_DEFAULTS, communityTarget: 9 }, revision: current.revision + 1 },
    };
    // Straight through the consumer, twice: the second finds the event in the inbox.
    const log = createLogger('test', 'silent');
    const consumer = receivedPoliciesConsumer as Consumer<unknown>;
    expect(await applyOnce(t.subgraph('community').orm, 'community', consumer, envelope, log)).toBe(true);
    expect(await applyOnce(t.subgraph('community').orm, 'community', consumer, envelope, log)).toBe(false);
    // And through the bus, twice more: the street applies it once.
    const bus = new PgBossBus(t.busUrl, log);
    await bus.start();
    await bus.publish(envelope);
    await bus.publish(envelope);
    await bus.stop();
    const inbox = (tier: 'street' | 'community') => sql<{ n: string }[]>(tier, 'select count(*) as n from inbox where event_id = ?', [envelope.id]);
    await until(() => inbox('street'), (r) => Number(r[0]!.n) === 1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(Number((await inbox('street'))[0]!.n)).toBe(1);
    expect(Number((await inbox('community'))[0]!.n)).toBe(1);
    expect((await received('street'))!.revision).toBe(current.revision + 1);
  });

  it('loses nothing while a consumer is down: the community catches up when it returns', async () => {
    const community = t.subgraph('community');
    const databaseUrl = community.config.DATABASE_URL;
    await community.stop();
    const officer = await t.as('district-officer');
    const revisions: number[] = [];
    for (const threshold of [5, 6, 7]) {
      const res = await t.gql<{ updatePolicies: { revision: number } }>(UPDATE, { d: districtId, input: { partyStationThreshold: threshold } }, officer);
      revisions.push(res.data!.updatePolicies.revision);
    }
    await until(() => received('street'), (r) => r?.revision === revisions[2]);

    const restarted = await bootstrapCommunity(
      {
        PORT: 0,
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl,
        BUS_DATABASE_URL: t.busUrl,
        LOG_LEVEL: 'silent',
        AUTH_MODE: 'dev',
        AUTH_DEV_PUBLIC_KEY: JSON.stringify(t.auth.keys.publicJwk),
        GATEWAY_SECRET: t.auth.gatewaySecrets.community,
      },
      { NODE_ENV: 'test' },
    );
    try {
      const rows = async () =>
        restarted.orm.em.fork().execute<{ revision: number; values: { partyStationThreshold: number } }[]>('select revision, values from received_policy where district_id = ?', [districtId], 'all');
      const [row] = await until(rows, (r) => r[0]?.revision === revisions[2]);
      expect(row!.values.partyStationThreshold).toBe(7);
      const applied = await restarted.orm.em.fork().execute<{ n: string }[]>(`select count(*) as n from inbox where type = ?`, [PoliciesUpdated.type], 'all');
      // Every event published so far, each once: the seeded one, the earlier updates, the duplicate test's, these three.
      expect(Number(applied[0]!.n)).toBeGreaterThanOrEqual(5);
      const duplicates = await restarted.orm.em.fork().execute<{ n: string }[]>('select count(*) as n from (select event_id from inbox group by event_id, consumer having count(*) > 1) d', [], 'all');
      expect(Number(duplicates[0]!.n)).toBe(0);
    } finally {
      await restarted.stop();
    }
  });
});
