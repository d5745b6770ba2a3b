import { PoliciesUpdated, POLICY_DEFAULTS } from '@cso/contracts';
import { generateWorld } from '@cso/demo-world';
import { applyOnce, createLogger, DEFAULT_BUS_OPTIONS, PgBossBus, type Consumer, type EventEnvelope } from '@cso/platform';
import { receivedPoliciesConsumer } from '@cso/street';
import { randomUUID } from 'node:crypto';
import { bootstrap as bootstrapCommunity } from '@cso/community';
import { until } from './support/filing.js';
import { startTestStack, type TestStack } from './support/stack.js';

const SIZE = 0.2;
const world = generateWorld(SIZE);
const districtId = world.districts[0]!.id;
let t: TestStack;
/** Quick retries, so that a failing event reaches the dead-letter queue within the test. Every bus client shares them: queue settings follow the last one. */
const QUICK_RETRY = { ...DEFAULT_BUS_OPTIONS, retryLimit: 1, retryDelaySeconds: 1 };

beforeAll(async () => {
  t = await startTestStack({
    seedSize: SIZE,
    overrides: { EVENT_RETRY_LIMIT: QUICK_RETRY.retryLimit, EVENT_RETRY_DELAY_SECONDS: QUICK_RETRY.retryDelaySeconds },
  });
});
afterAll(() => t?.stop());

const UPDATE =
  'mutation($d: ID!, $input: PoliciesInput!) { updatePolicies(districtId: $d, input: $input) { revision partyStationThreshold minimumMembers } }';
const sql = async <T extends object[]>(tier: 'district' | 'street' | 'community', query: string, params: unknown[] = []) =>
  t.subgraph(tier).orm.em.fork().execute<T>(query, params, 'all');
const received = async (tier: 'street' | 'community') =>
  (
    await sql<{ revision: number; values: { partyStationThreshold: number } }[]>(
      tier,
      'select revision, values from received_policy where district_id = ?',
      [districtId],
    )
  )[0];

describe('district policies reach the other tiers through the outbox and the bus', () => {
  it('the seeded policies are already projected by the street and the community', async () => {
    for (const tier of ['street', 'community'] as const) {
      const row = await until(
        () => received(tier),
        (r) => r !== undefined,
      );
      expect(row!.revision).toBeGreaterThanOrEqual(1);
      expect(row!.values).toMatchObject(POLICY_DEFAULTS);
    }
  });

  it('a district officer changes the party-station threshold and the community applies it', async () => {
    const org = world.organizations.find((o) => o.communityId && o.partyMemberCount >= 3)!;
    const NEEDS = 'query($id: ID!) { organization(id: $id) { partyMemberCount needsPartyStation } }';
    const officer = await t.as('district-officer');
    expect(
      (await t.gql<{ organization: { needsPartyStation: boolean } }>(NEEDS, { id: org.id }, officer)).data?.organization
        .needsPartyStation,
    ).toBe(true);

    const res = await t.gql<{ updatePolicies: { revision: number; partyStationThreshold: number } }>(
      UPDATE,
      { d: districtId, input: { partyStationThreshold: org.partyMemberCount + 1 } },
      officer,
    );
    expect(res.errors).toBeUndefined();
    const revision = res.data!.updatePolicies.revision;
    await until(
      () => received('community'),
      (r) => r?.revision === revision,
    );
    await until(
      () => received('street'),
      (r) => r?.revision === revision,
    );
    expect(
      (await t.gql<{ organization: { needsPartyStation: boolean } }>(NEEDS, { id: org.id }, officer)).data?.organization
        .needsPartyStation,
    ).toBe(false);

    const trail = await t.gql<{
      district: { districtAuditTrail: { nodes: { action: string; after: { partyStationThreshold: number } }[] } };
    }>(
      'query($d: ID!) { district(id: $d) { districtAuditTrail(first: 1) { nodes { action after } } } }',
      { d: districtId },
      officer,
    );
    expect(trail.data?.district.districtAuditTrail.nodes[0]).toMatchObject({
      action: 'updatePolicies',
      after: { partyStationThreshold: org.partyMemberCount + 1 },
    });
  });

  it('refuses other roles and bad values; then nothing is stored and no event is sent', async () => {
    const outbox = async () => Number((await sql<{ n: string }[]>('district', 'select count(*) as n from outbox'))[0]!.n);
    const revision = async () =>
      (await t.gql<{ districts: { policies: { revision: number } }[] }>('{ districts { policies { revision } } }')).data!
        .districts[0]!.policies.revision;
    const [eventsBefore, revisionBefore] = [await outbox(), await revision()];
    for (const login of ['street-officer', 'community-officer', 'analyst']) {
      const res = await t.gql(UPDATE, { d: districtId, input: { minimumMembers: 12 } }, await t.as(login));
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const bad = await t.gql(
      UPDATE,
      { d: districtId, input: { minimumMembers: 0, publicNoticeDays: 400, monthlyReportDueDay: 31 } },
      await t.as('district-officer'),
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((bad.errors![0]!.extensions!.fields as { field: string }[]).map((f) => f.field).sort()).toEqual([
      'input.minimumMembers',
      'input.monthlyReportDueDay',
      'input.publicNoticeDays',
    ]);
    expect([await outbox(), await revision()]).toEqual([eventsBefore, revisionBefore]);
  });
});

describe('delivery', () => {
  const envelopeFor = (values: Partial<typeof POLICY_DEFAULTS>, revision: number, district = randomUUID()): EventEnvelope => ({
    id: randomUUID(),
    type: PoliciesUpdated.type,
    version: PoliciesUpdated.version,
    producer: 'district',
    occurredAt: new Date().toISOString(),
    // A district of its own, so that these events never race the real district's revisions.
    payload: { districtId: district, values: { ...POLICY_DEFAULTS, ...values }, revision },
  });

  it('applies an event delivered twice only once', async () => {
    const envelope = envelopeFor({ communityTarget: 9 }, 1);
    // Straight through the consumer, twice: the second finds the event in the inbox.
    const log = createLogger('test', 'silent');
    const consumer = receivedPoliciesConsumer as Consumer<unknown>;
    expect(await applyOnce(t.subgraph('community').orm, 'community', consumer, envelope, log)).toBe(true);
    expect(await applyOnce(t.subgraph('community').orm, 'community', consumer, envelope, log)).toBe(false);
    // And through the bus, twice more: the queue holds one job for it, and the street applies it once.
    const bus = new PgBossBus(t.busUrl, log, QUICK_RETRY);
    await bus.start();
    try {
      await bus.deliver(PoliciesUpdated as never, [envelope]);
      await bus.deliver(PoliciesUpdated as never, [envelope]);
      const inbox = (tier: 'street' | 'community') =>
        sql<{ n: string }[]>(tier, 'select count(*) as n from inbox where event_id = ?', [envelope.id]);
      await until(
        () => inbox('street'),
        (r) => Number(r[0]!.n) === 1,
      );
      expect(Number((await inbox('community'))[0]!.n)).toBe(1);
      const districtId2 = (envelope.payload as { districtId: string }).districtId;
      const rows = await sql<{ revision: number }[]>('street', 'select revision from received_policy where district_id = ?', [
        districtId2,
      ]);
      expect(rows).toEqual([{ revision: 1 }]);
    } finally {
      await bus.stop();
    }
  });
});

describe('dead letters', () => {
  it('an event a tier keeps failing on goes to its dead-letter queue; an operator lists it and replays it once fixed', async () => {
    const revision = 77;
    const ownDistrict = randomUUID();
    // A fault in the community's database: writes of this revision fail until an operator removes it.
    await sql(
      'community',
      `create function refuse_revision() returns trigger language plpgsql as $$ begin if new.revision = ${revision} then raise exception 'disk full'; end if; return new; end $$`,
    );
    await sql(
      'community',
      'create trigger refuse_revision before insert or update on received_policy for each row execute function refuse_revision()',
    );
    const envelope: EventEnvelope = {
      id: randomUUID(),
      type: PoliciesUpdated.type,
      version: PoliciesUpdated.version,
      producer: 'district',
      occurredAt: new Date().toISOString(),
      payload: { districtId: ownDistrict, values: { ...POLICY_DEFAULTS, communityTarget: 8 }, revision },
    };
    const receivedFor = async (tier: 'street' | 'community') =>
      (await sql<{ revision: number }[]>(tier, 'select revision from received_policy where district_id = ?', [ownDistrict]))[0];
    const bus = new PgBossBus(t.busUrl, createLogger('test', 'silent'), QUICK_RETRY);
    await bus.start();
    try {
      await bus.deliver(PoliciesUpdated as never, [envelope]);
      const letters = await until(
        () => bus.deadLetters('community'),
        (l) => l.some((d) => d.envelope.id === envelope.id),
        30_000,
      );
      const letter = letters.find((d) => d.envelope.id === envelope.id)!;
      expect(letter.queue).toBe(`community.${PoliciesUpdated.type}`);
      // The street had no fault and applied it; the community did not, and kept no inbox row.
      await until(
        () => receivedFor('street'),
        (r) => r?.revision === revision,
      );
      expect(await receivedFor('community')).toBeUndefined();
      expect(
        await sql<{ n: string }[]>('community', 'select count(*) as n from inbox where event_id = ?', [envelope.id]),
      ).toEqual([{ n: '0' }]);

      await sql('community', 'drop trigger refuse_revision on received_policy');
      expect(await bus.replay('community', [letter.id])).toBe(1);
      await until(
        () => receivedFor('community'),
        (r) => r?.revision === revision,
      );
      expect((await bus.deadLetters('community')).some((d) => d.envelope.id === envelope.id)).toBe(false);
      expect(
        await sql<{ n: string }[]>('community', 'select count(*) as n from inbox where event_id = ?', [envelope.id]),
      ).toEqual([{ n: '1' }]);
    } finally {
      await bus.stop();
    }
  });
});

describe('faults', () => {
  it('the relay survives a database fault in its round and sends the event once the fault is gone', async () => {
    const district = t.subgraph('district');
    await sql('district', 'alter table outbox rename to outbox_away');
    const res = await t.gql<{ updatePolicies: unknown }>(
      UPDATE,
      { d: districtId, input: { communityTarget: 7 } },
      await t.as('district-officer'),
    );
    // The change needs the outbox: without it the change is refused as a whole (nothing half done).
    expect(res.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    await expect(district.relay!.flush()).resolves.toBeUndefined();
    await sql('district', 'alter table outbox_away rename to outbox');
    const ok = await t.gql<{ updatePolicies: { revision: number } }>(
      UPDATE,
      { d: districtId, input: { communityTarget: 7 } },
      await t.as('district-officer'),
    );
    expect(ok.errors).toBeUndefined();
    await until(
      () => received('community'),
      (r) => r?.revision === ok.data!.updatePolicies.revision,
    );
  });

  it('a tier that consumes nothing has no dead letters', async () => {
    const bus = new PgBossBus(t.busUrl, createLogger('test', 'silent'), QUICK_RETRY);
    await bus.start();
    try {
      expect(await bus.deadLetters('district')).toEqual([]);
      expect(await bus.replay('district')).toBe(0);
    } finally {
      await bus.stop();
    }
  });
});

describe('a tier that is down', () => {
  it('loses nothing while a consumer is down: the community catches up when it returns', async () => {
    const community = t.subgraph('community');
    const databaseUrl = community.config.DATABASE_URL;
    await community.stop();
    const officer = await t.as('district-officer');
    const revisions: number[] = [];
    for (const threshold of [5, 6, 7]) {
      const res = await t.gql<{ updatePolicies: { revision: number } }>(
        UPDATE,
        { d: districtId, input: { partyStationThreshold: threshold } },
        officer,
      );
      revisions.push(res.data!.updatePolicies.revision);
    }
    await until(
      () => received('street'),
      (r) => r?.revision === revisions[2],
    );

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
        restarted.orm.em
          .fork()
          .execute<{ revision: number; values: { partyStationThreshold: number } }[]>(
            'select revision, values from received_policy where district_id = ?',
            [districtId],
            'all',
          );
      const [row] = await until(rows, (r) => r[0]?.revision === revisions[2]);
      expect(row!.values.partyStationThreshold).toBe(7);
      // Every event the district has sent (the seeded one, the earlier updates, these three) is in the
      // community's inbox, and its inbox holds nothing else of the real district.
      const sent = (
        await sql<{ id: string }[]>('district', `select id from outbox where type = ? order by seq`, [PoliciesUpdated.type])
      ).map((r) => r.id);
      expect(sent.length).toBeGreaterThanOrEqual(5);
      const applied = await restarted.orm.em
        .fork()
        .execute<{ event_id: string }[]>(
          `select event_id from inbox where event_id = any(?::uuid[])`,
          [`{${sent.join(',')}}`],
          'all',
        );
      expect(applied.map((r) => r.event_id).sort()).toEqual([...sent].sort());
    } finally {
      await restarted.stop();
    }
  });
});
