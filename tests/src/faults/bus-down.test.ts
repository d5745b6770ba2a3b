import { createServer, connect, type Server } from 'node:net';
import { freePort } from '@cso/platform/testing';
import { eventually, startProcessTestStack, type ProcessTestStack } from '../support/processes.js';

/**
 * The bus is not a start-up dependency: every tier starts and serves reads while the bus cannot be
 * reached, keeps its events in the outbox, and connects when the bus returns; then the events flow.
 * The tiers reach the bus through a TCP relay on this machine that is closed at first (the bus is
 * down), then opened (it is back).
 */
let t: ProcessTestStack;
let relay: Server | undefined;
let relayPort: number;

beforeAll(async () => {
  relayPort = await freePort();
  const viaRelay = (url: string) => {
    const u = new URL(url);
    u.port = String(relayPort);
    return u.toString();
  };
  const { createTestDatabase } = await import('@cso/platform/testing');
  const busUrl = await createTestDatabase('busdown');
  const env = { BUS_DATABASE_URL: viaRelay(busUrl) };
  t = await startProcessTestStack({ busUrl, env: { district: env, street: env, community: env } });
}, 180_000);
afterAll(async () => {
  await t?.stop();
  await new Promise((resolve) => (relay ? relay.close(resolve) : resolve(undefined)));
});

function openRelay(target: URL): Promise<void> {
  relay = createServer((socket) => {
    const upstream = connect(Number(target.port), target.hostname);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  return new Promise((resolve) => relay!.listen(relayPort, '127.0.0.1', () => resolve()));
}

it('tiers started while the bus is down serve reads and take changes; when the bus returns, the events arrive', async () => {
  const officer = await t.as('district-officer');
  const read = await t.gql<{ districts: { id: string; streets: { name: string }[] }[] }>(
    '{ districts { id streets { name } } }',
    undefined,
    officer,
  );
  expect(read.errors).toBeUndefined();
  expect(read.data!.districts[0]!.streets.length).toBeGreaterThan(0);
  for (const tier of ['district', 'street', 'community'] as const) {
    const ready = (await (await fetch(t.services[tier].url.replace(/\/graphql$/, '/readyz'))).json()) as {
      status: string;
      events: string;
    };
    expect(ready).toMatchObject({ status: 'ready', events: 'waiting for the bus' });
  }
  // A change while the bus is away: its event waits in the district's outbox.
  const districtId = read.data!.districts[0]!.id;
  const changed = await t.gql<{ updatePolicies: { revision: number } }>(
    'mutation($d: ID!) { updatePolicies(districtId: $d, input: { communityTarget: 6 }) { revision } }',
    { d: districtId },
    officer,
  );
  expect(changed.errors).toBeUndefined();
  const waiting = await t.sql<{ n: string }>(
    'district',
    `select count(*) as n from outbox where published_at is null and type = 'district.policies-updated'`,
  );
  expect(Number(waiting[0]!.n)).toBeGreaterThan(0);

  await openRelay(new URL(t.busUrl));
  const revision = changed.data!.updatePolicies.revision;
  await eventually(
    () => t.sql<{ revision: number }>('street', 'select revision from received_policy where district_id = $1', [districtId]),
    (rows) => rows[0]?.revision === revision,
    60_000,
    500,
  );
  const ready = (await (await fetch(t.services.street.url.replace(/\/graphql$/, '/readyz'))).json()) as { events: string };
  expect(ready.events).toBe('connected');
}, 120_000);
