import { readCommittedProposals, type SubgraphProposal } from '@cso/registry';
import { steadyLoad } from '../support/load.js';
import { eventually, startProcessTestStack, type ProcessTestStack } from '../support/processes.js';

/**
 * One tier redeployed on its own schedule, through the schema registry, under load: the gateway and
 * the three tiers as separate processes, a steady load of cross-tier queries through two gateways,
 * and the street tier replaced blue/green — the new version started beside the old on the same
 * database, its URL published, every gateway serving the new launch, then the old one stopped with
 * SIGTERM (it drains). Not one request may fail. A publish that does not compose changes nothing.
 * Before that: a gateway started while the registry is down serves the committed supergraph and
 * catches up when the registry returns.
 */
const CROSS_TIER = 'query CrossTier { districts { name streets { name code communities { name } } } }';
/** After every gateway serves the new launch, requests planned before the switch still finish on the old version. */
const DRAIN_GRACE_MS = 2000;

let t: ProcessTestStack;
let gateways: string[];
let committedStreet: SubgraphProposal;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const readyz = async (gatewayUrl: string) =>
  (await (await fetch(gatewayUrl.replace(/\/graphql$/, '/readyz'))).json()) as {
    supergraph: { source: string; launchId: number | null; subgraphs: { name: string; url: string }[] };
    registry: { reachable: boolean };
  };

beforeAll(async () => {
  t = await startProcessTestStack({ seedSize: 0.2, registry: { pollMs: 1000 } });
  committedStreet = readCommittedProposals().find((p) => p.name === 'street')!;
  gateways = [t.services.gateway.url];
}, 300_000);
afterAll(async () => {
  await t?.stop();
});

it('a gateway started while the registry is down serves the committed supergraph and catches up when it returns', async () => {
  const registry = t.registry!;
  expect((await readyz(gateways[0]!)).supergraph).toMatchObject({ source: 'registry', launchId: 1 });
  await registry.service.stop();
  const late = await t.spawn('gateway');
  const headers = await t.as('analyst');
  expect(await readyz(late.url)).toMatchObject({
    supergraph: { source: 'committed', launchId: null },
    registry: { reachable: false },
  });
  const answer = await fetch(late.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: CROSS_TIER }),
  });
  const body = (await answer.json()) as { data?: { districts: unknown[] }; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  expect(body.data!.districts.length).toBeGreaterThan(0);

  await registry.service.start();
  await eventually(
    () => readyz(late.url),
    (r) => r.supergraph.launchId === 1,
    30_000,
  );
  expect(await readyz(late.url)).toMatchObject({
    supergraph: { source: 'registry', launchId: 1 },
    registry: { reachable: true },
  });
  gateways.push(late.url);
}, 120_000);

it('redeploys the street tier blue/green under steady cross-tier load without one failed request; a publish that does not compose changes nothing', async () => {
  const registry = t.registry!;
  const client = registry.client('street');
  const headers = await t.as('analyst');
  const blue = t.services.street;
  const first = (await client.latestLaunch())!;

  const load = steadyLoad({
    targets: gateways,
    query: CROSS_TIER,
    headers,
    requestsPerSecond: 25,
    durationMs: 60_000,
    concurrency: 24,
  });
  const timeline: Record<string, number> = {};
  const started = Date.now();
  const mark = (what: string) => (timeline[what] = Date.now() - started);
  await sleep(5000);

  // 1. Green beside blue, on the same database (its migrations, expand-only, run before it serves).
  const green = await t.spawn('street', { MIGRATE_ON_START: 'true' });
  mark('green serving');
  // 2. Publish green's SDL and routing URL: checked, composed, a new launch.
  const outcome = await client.publish({ ...committedStreet, url: green.url, label: 'green' });
  expect(outcome.report.refusals).toEqual([]);
  expect(outcome.published).toBe(true);
  const launch = outcome.launch!;
  expect(launch.id).toBeGreaterThan(first.id);
  mark('published');
  // 3. Every gateway serves the new launch.
  const rollout = await client.waitForRollout(launch.id, { timeoutMs: 60_000 });
  expect(rollout.length).toBe(2);
  for (const gateway of gateways) {
    const state = await readyz(gateway);
    expect(state.supergraph.launchId).toBe(launch.id);
    expect(state.supergraph.subgraphs.find((s) => s.name === 'street')?.url).toBe(green.url);
  }
  mark('every gateway on the new launch');
  // 4. Blue stops gracefully: SIGTERM, in-flight requests finish, pools close.
  await sleep(DRAIN_GRACE_MS);
  const stopping = Date.now();
  await blue.stop();
  expect(blue.running).toBe(false);
  expect(Date.now() - stopping).toBeLessThan(10_000);
  mark('blue stopped');

  // A publish that does not compose: refused; the gateways keep the last good launch.
  await sleep(5000);
  const rogue = await client.publish({
    ...committedStreet,
    url: green.url,
    label: 'rogue',
    sdl: committedStreet.sdl.replace(
      'type District @key(fields: "id") {\n  id: ID!',
      'type District @key(fields: "id") {\n  id: ID!\n  name: Int!',
    ),
  });
  expect(rogue.published).toBe(false);
  expect(rogue.report.composition.ok).toBe(false);
  expect(rogue.report.composition.errors.join('\n')).toMatch(/District\.name/);
  mark('rogue publish refused');

  const result = await load.done;
  process.stdout.write(
    `blue/green under load: ${JSON.stringify({ ...result, failures: result.failures.slice(0, 5), timeline })}\n`,
  );
  expect(result.failures).toEqual([]);
  expect(result.durationMs).toBeGreaterThanOrEqual(60_000);
  expect(result.requestsPerSecond).toBeGreaterThanOrEqual(20);
  expect(result.ok).toBe(result.sent);
  expect((await client.latestLaunch())!.id).toBe(launch.id);
  for (const gateway of gateways) expect((await readyz(gateway)).supergraph.launchId).toBe(launch.id);
}, 240_000);
