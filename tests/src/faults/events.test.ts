import { randomUUID } from 'node:crypto';
import { POLICY_DEFAULTS, PoliciesUpdated } from '@cso/contracts';
import { eventually, startProcessTestStack, type ProcessTestStack } from '../support/processes.js';

/**
 * The event pipeline under faults, each service its own process: a consumer killed inside its handler
 * gets its event again soon after it restarts; a row the relay cannot deliver is parked and does not
 * hold back the next; a burst of a thousand events arrives within seconds.
 */
let t: ProcessTestStack;
beforeAll(async () => {
  t = await startProcessTestStack();
}, 180_000);
afterAll(() => t?.stop());

/** A policies event of a district of its own (so that it never races the real district's revisions), written into the district's outbox. */
function policyEvent(districtId = randomUUID(), revision = 1) {
  return { id: randomUUID(), districtId, payload: { districtId, values: { ...POLICY_DEFAULTS, communityTarget: 7 }, revision } };
}

async function writeOutbox(
  events: { id: string; districtId: string; payload: unknown }[],
  type = PoliciesUpdated.type,
  version = PoliciesUpdated.version,
) {
  await t.sql(
    'district',
    `insert into outbox (id, type, version, payload, aggregate) select * from unnest($1::uuid[], $2::text[], $3::int[], $4::jsonb[], $5::text[])`,
    [
      events.map((e) => e.id),
      events.map(() => type),
      events.map(() => version),
      events.map((e) => JSON.stringify(e.payload)),
      events.map((e) => e.districtId),
    ],
  );
}

const received = async (tier: 'street' | 'community', ids: string[]) =>
  Number(
    (await t.sql<{ n: string }>(tier, 'select count(*) as n from received_policy where district_id = any($1::uuid[])', [ids]))[0]!
      .n,
  );

it('a row with no contract in this build is parked with its reason, and the next event still goes out', async () => {
  const poison = { id: randomUUID(), districtId: randomUUID(), payload: { anything: true } };
  await writeOutbox([poison], 'district.something-newer', 9);
  const next = policyEvent();
  await writeOutbox([next]);
  await eventually(
    () => received('street', [next.districtId]),
    (n) => n === 1,
    20_000,
  );
  const [row] = await t.sql<{ parked_at: Date | null; park_reason: string | null; published_at: Date | null }>(
    'district',
    'select parked_at, park_reason, published_at from outbox where id = $1',
    [poison.id],
  );
  expect(row!.published_at).toBeNull();
  expect(row!.parked_at).not.toBeNull();
  expect(row!.park_reason).toMatch(/^NO_CONTRACT: no contract district.something-newer v9/);
});

it('a payload its contract refuses is parked too, without holding back the rows behind it', async () => {
  const bad = { id: randomUUID(), districtId: randomUUID(), payload: { districtId: 'not-a-uuid', values: {}, revision: 0 } };
  await writeOutbox([bad]);
  const next = policyEvent();
  await writeOutbox([next]);
  await eventually(
    () => received('community', [next.districtId]),
    (n) => n === 1,
    20_000,
  );
  const [row] = await t.sql<{ park_reason: string | null }>('district', 'select park_reason from outbox where id = $1', [bad.id]);
  expect(row!.park_reason).toMatch(/^INVALID_PAYLOAD/);
});

it('a burst of 1,000 events reaches both consuming tiers within 20 s', async () => {
  const burst = Array.from({ length: 1000 }, () => policyEvent());
  const started = Date.now();
  await writeOutbox(burst);
  const ids = burst.map((e) => e.districtId);
  await eventually(
    async () => [await received('street', ids), await received('community', ids)],
    ([s, c]) => s === 1000 && c === 1000,
    20_000,
    250,
  );
  expect(Date.now() - started).toBeLessThan(20_000);
}, 60_000);

it('a consumer killed inside its handler gets the event again within 30 s of its restart', async () => {
  // The community's consumer blocks on a lock held here: it is inside its handler, its job active.
  const lock = await t.sql('community', 'select 1');
  expect(lock).toHaveLength(1);
  const { Client } = (await import('pg')).default;
  const holder = new Client({ connectionString: t.databaseUrls.community });
  await holder.connect();
  await holder.query('begin');
  await holder.query('lock table received_policy in access exclusive mode');
  const event = policyEvent();
  try {
    await writeOutbox([event]);
    // The street applies it; the community waits on the lock, inside its handler.
    await eventually(
      () => received('street', [event.districtId]),
      (n) => n === 1,
      20_000,
    );
    await eventually(
      () =>
        t.sql<{ n: string }>(
          'community',
          `select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and query like '%received_policy%'`,
        ),
      (rows) => Number(rows[0]!.n) > 0,
      20_000,
    );
    t.services.community.kill('SIGKILL');
    await eventually(
      async () => t.services.community.running,
      (running) => !running,
      10_000,
    );
  } finally {
    await holder.query('rollback');
    await holder.end();
  }
  await t.services.community.start();
  const restarted = Date.now();
  await eventually(
    () => received('community', [event.districtId]),
    (n) => n === 1,
    30_000,
    250,
  );
  expect(Date.now() - restarted).toBeLessThan(30_000);
}, 120_000);
