import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { demoClaims, demoUsers, generateWorld } from '@cso/demo-world';
import { dropDatabase, signDevToken, withDatabase } from '@cso/platform';
import { ephemeralDevAuth, startEmbeddedPostgres, startStack, TIERS, type RunningStack, type Tier } from '@cso/launcher';

/**
 * What metrics and tracing (with no exporter) cost per request: `node tests/dist/observability/overhead.js
 * [--requests 500] [--rounds 7] [--block 50] [--size 0.3]`. Two federations run side by side in this process, one
 * as configured by default (metrics on, OTEL_EXPORTER_OTLP_ENDPOINT unset) and one with
 * METRICS_ENABLED=false; each round sends `requests` sequential cross-tier queries to each, from a
 * worker thread, alternating between them every `block` requests, and the services' CPU time per request is this (main) thread's CPU
 * time over the round (process.threadCpuUsage; the process-wide figure, with the client, is printed
 * too). Prints the median of the rounds for each and the difference. Uses DATABASE_URL when set,
 * otherwise a throw-away embedded PostgreSQL.
 */
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const requests = Number(args.get('requests') ?? 500);
const rounds = Number(args.get('rounds') ?? 7);
/** Each round alternates between the configurations in blocks of this many requests, so that a noisy moment weighs on both. */
const block = Number(args.get('block') ?? 50);
const size = Number(args.get('size') ?? 0.3);

/** Three subgraph fetches (district, then street, then community) for a small answer: the per-request costs weigh most. */
const QUERY = 'query DistrictsStreetsCommunities { districts { name streets { name communities { name } } } }';

const MODES = {
  'metrics on, tracing off (default)': {},
  'METRICS_ENABLED=false': { METRICS_ENABLED: 'false' },
} as const;
type Mode = keyof typeof MODES;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const micros = (u: { user: number; system: number }) => u.user + u.system;

async function main() {
  let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
  let server = process.env.DATABASE_URL;
  if (!server) {
    embedded = await startEmbeddedPostgres({
      dataDir: join(tmpdir(), `cso-overhead-${randomBytes(4).toString('hex')}`),
      port: 54900 + Math.floor(Math.random() * 90),
      ephemeral: true,
    });
    server = embedded.serverUrl;
  }
  const auth = await ephemeralDevAuth();
  const suffix = randomBytes(3).toString('hex');
  const databases: string[] = [];
  const stacks = {} as Record<Mode, RunningStack>;
  const worker = new Worker(new URL('./overhead-client.js', import.meta.url));
  try {
    for (const [i, [mode, env]] of Object.entries(MODES).entries()) {
      const url = (name: string) => {
        const db = withDatabase(server!, `overhead_${i}_${name}_${suffix}`);
        databases.push(db);
        return db;
      };
      stacks[mode as Mode] = await startStack({
        databaseUrls: Object.fromEntries(TIERS.map((t) => [t, url(t)])) as Record<Tier, string>,
        busUrl: url('bus'),
        auth,
        seedSize: size,
        logLevel: 'warn',
        env: { NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '0', PUBLIC_RATE_LIMIT_PER_MINUTE: '0', ...env },
      });
    }
    const officer = demoUsers(generateWorld(size)).find((u) => u.login === 'district-officer')!;
    const headers = {
      authorization: `Bearer ${await signDevToken(auth.keys.privateJwk, demoClaims(officer), { expiresIn: '12h' })}`,
    };
    const body = JSON.stringify({ query: QUERY });
    const load = (mode: Mode, n: number) =>
      new Promise<number>((resolve) => {
        worker.once('message', (m: { failures: number }) => resolve(m.failures));
        worker.postMessage({ url: stacks[mode].gateway.url, body, headers, requests: n });
      });

    const modes = Object.keys(MODES) as Mode[];
    for (const mode of modes) await load(mode, 100); // warm-up: JIT, pools, plans
    const perRequest: Record<Mode, { services: number[]; process: number[] }> = Object.fromEntries(
      modes.map((m) => [m, { services: [], process: [] }]),
    ) as never;
    for (let round = 0; round < rounds; round++) {
      const spent = Object.fromEntries(modes.map((m) => [m, { services: 0, process: 0 }])) as Record<
        Mode,
        { services: number; process: number }
      >;
      for (let sent = 0; sent < requests; sent += block) {
        for (const mode of (sent / block) % 2 ? [...modes].reverse() : modes) {
          const [thread, whole] = [process.threadCpuUsage(), process.cpuUsage()];
          const failures = await load(mode, block);
          if (failures) throw new Error(`${mode}: ${failures} of ${block} requests failed`);
          spent[mode].services += micros(process.threadCpuUsage(thread));
          spent[mode].process += micros(process.cpuUsage(whole));
        }
      }
      for (const mode of modes) {
        perRequest[mode].services.push(spent[mode].services / requests);
        perRequest[mode].process.push(spent[mode].process / requests);
      }
    }

    const [on, off] = modes.map((m) => ({ services: median(perRequest[m].services), process: median(perRequest[m].process) }));
    const pct = (a: number, b: number) => `${(((a - b) / b) * 100).toFixed(1)} %`;
    // Each round ran both configurations in the same minutes: the median of the rounds' own ratios cancels the
    // machine's drift between rounds, which the ratio of the two medians does not.
    const paired = (key: 'services' | 'process') =>
      `${((median(perRequest[modes[0]!][key].map((v, i) => v / perRequest[modes[1]!][key][i]!)) - 1) * 100).toFixed(1)} %`;
    const lines = [
      `${rounds} rounds of ${requests} sequential requests (${QUERY.split(' ')[1]}) per configuration, alternating every ${block}, seed size ${size}; median CPU µs per request`,
      '',
      '| configuration | services (main thread) | whole process (with the client) |',
      '|---|---|---|',
      ...modes.map((m, i) => `| ${m} | ${[on, off][i]!.services.toFixed(0)} | ${[on, off][i]!.process.toFixed(0)} |`),
      `| overhead of metrics (tracing off), ratio of the medians | ${pct(on!.services, off!.services)} | ${pct(on!.process, off!.process)} |`,
      `| overhead of metrics (tracing off), median of the rounds' ratios | ${paired('services')} | ${paired('process')} |`,
      '',
      'rounds (services µs/request):',
      ...modes.map((m) => `  ${m}: ${perRequest[m].services.map((v) => v.toFixed(0)).join(' ')}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await worker.terminate();
    for (const stack of Object.values(stacks)) await stack.stop();
    for (const db of databases) await dropDatabase(db).catch(() => undefined);
    await embedded?.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
