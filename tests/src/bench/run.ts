import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gatewayEnv, ServiceProcess, TIERS, type Tier } from '@cso/launcher';
import { createLogger } from '@cso/platform';
import { FetchRecorder, type SubgraphFetch } from './capture.js';
import { startFloor } from './floor.js';
import { canonical, Client, closedLoop, dataOf, percentile } from './client.js';
import { startHiveGateway, versionOf } from './hive.js';
import { measureIdle } from './idle.js';
import { benchSession, bodyOf, QUERIES, type BenchQuery } from './queries.js';
import { measureScale } from './scale.js';
import { CHEAP_QUERY, LIST_QUERY, measureOverhead } from './overhead.js';
import { CpuMeter, cpuSeconds, processTree } from './proc.js';
import { settleAfterSeeding, startBenchStack } from './stack.js';

/**
 * `npm run bench [-- --size N --requests R --seconds S --concurrency C --rounds K --settle S --only WORD --readme]`: the
 * project's gateway and Hive Gateway (with its Rust query planner) side by side over the same
 * subgraphs, each tier its own process, on fresh databases seeded at size N (embedded PostgreSQL
 * unless DATABASE_URL is set), vacuumed and analyzed, once autovacuum is done too (at most S s). Per query: requests/s, p50 and p99 at C in flight, CPU per request
 * of the gateway, the subgraphs and PostgreSQL (from /proc), the plan's subgraph fetches and the
 * gateway's p50 one request at a time against the sum of those fetches sent directly. The gateways
 * take turns (K rounds, alternating who goes first); every answer is checked for errors and both
 * gateways' answers must be equal. Writes tests/bench/results/<date>-size<N>.md; with --readme the
 * README's Benchmarks section gets the table too.
 *
 * `npm run bench -- scale [--sizes A,B --seconds S --rounds K --concurrency C --settle S --readme]`: the
 * single-district queries in a city of A districts and one of B at once, in alternating rounds (scale.ts);
 * writes tests/bench/results/<date>-scale.md.
 *
 * `npm run bench -- idle [--size N --settle S --seconds S --env K=V,K=V]`: the stack's CPU with no traffic
 * (optionally with a setting tried on every service).
 *
 * `npm run bench -- overhead [--size N --requests N --rounds K --pairs P --block N --env K=V,K=V --calibrate]`: the CPU per request that metrics and
 * tracing (no exporter) cost, the default configuration against METRICS_ENABLED=false side by side; writes
 * tests/bench/results/<date>-overhead.md.
 */
const argv = process.argv.slice(2);
const command = argv[0] && !argv[0].startsWith('--') ? argv.shift() : 'compare';
const args = new Map<string, string>();
for (let i = 0; i < argv.length; i++) {
  const name = argv[i]!.replace(/^--/, '');
  const value = argv[i + 1];
  if (value === undefined || value.startsWith('--')) args.set(name, 'true');
  else {
    args.set(name, value);
    i++;
  }
}
const size = Number(args.get('size') ?? 1);
const requests = Number(args.get('requests') ?? 200);
const concurrency = Number(args.get('concurrency') ?? 8);
const rounds = Number(args.get('rounds') ?? 2);
const sequential = Number(args.get('sequential') ?? 30);
/** Each gateway runs each query for at least this long in all (spread over the rounds): a cheap query gets thousands of requests. */
const seconds = Number(args.get('seconds') ?? 8);
const only = args.get('only');

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const RESULTS = join(ROOT, 'tests', 'bench', 'results');

interface Side {
  name: 'ours' | 'Hive';
  client: Client;
  pid: number;
}

interface Measured {
  requests: number;
  seconds: number;
  latencies: number[];
  gatewayCpu: number;
  subgraphCpu: number;
  postgresCpu: number | null;
  sequentialP50: number;
}

interface PlanFetches {
  fetches: SubgraphFetch[];
  /** The p50 of the sum of the plan's fetches sent directly to the subgraphs, one after another. */
  directMs: number;
  /** The p50 of the same fetches sent one after another by a pass-through process (floor.ts): one hop more. */
  floorMs: number;
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** The fetches of a plan sent directly to their subgraphs, one after another: the sum of their times in ms. */
async function directFetches(fetches: SubgraphFetch[], clients: Map<string, Client>): Promise<number> {
  let sum = 0;
  for (const fetch of fetches) {
    let client = clients.get(fetch.url);
    if (!client) clients.set(fetch.url, (client = new Client(fetch.url, 1)));
    const t0 = performance.now();
    const answer = await client.post(fetch.body, fetch.headers);
    sum += performance.now() - t0;
    dataOf(answer, `direct ${fetch.subgraph} fetch`);
  }
  return sum;
}

async function compare(): Promise<void> {
  const bench = await startBenchStack({ size });
  const subgraphUrls = Object.fromEntries(TIERS.map((t) => [t, bench.stack.services[t].url])) as Record<Tier, string>;
  const secrets = bench.auth.gatewaySecrets;
  const stops: (() => Promise<void>)[] = [];
  const log = createLogger('bench', 'warn');
  try {
    const hive = await startHiveGateway(subgraphUrls, secrets);
    stops.push(hive.stop);
    const ours: Side = { name: 'ours', client: new Client(bench.stack.gatewayUrl), pid: bench.pidOf('gateway') };
    const peer: Side = { name: 'Hive', client: new Client(hive.url), pid: hive.pid };
    const { headers, variables, visible } = await benchSession(bench, size, ours.client);
    // The seeded databases vacuumed and analyzed, autovacuum and the services' first half-minute over, before anything is measured.
    const settled = await settleAfterSeeding(Object.values(bench.databaseUrls), Number(args.get('settle') ?? 180));
    const queries = QUERIES.filter((q) => !only || q.key.includes(only));

    // 1. What each gateway's plan fetches (through recording proxies, with gateways started for that only),
    //    and what those fetches cost sent directly, one at a time.
    const recorder = await new FetchRecorder().start(subgraphUrls);
    const captureOurs = await new ServiceProcess({
      name: 'gateway',
      env: {
        ...gatewayEnv(
          { databaseUrls: bench.databaseUrls, busUrl: bench.busUrl, auth: bench.auth, log, nodeEnv: 'test', logLevel: 'warn' },
          recorder.urls as Record<Tier, string>,
        ),
        RATE_LIMIT_PER_MINUTE: '0',
      },
      log,
      restart: false,
      stdio: 'ignore',
    }).start();
    const captureHive = await startHiveGateway(recorder.urls, secrets);
    const plans = new Map<string, Record<Side['name'], PlanFetches>>();
    try {
      for (const q of queries) {
        const body = bodyOf(q.query, variables);
        const plan = {} as Record<Side['name'], PlanFetches>;
        for (const [name, url] of [
          ['ours', captureOurs.url],
          ['Hive', captureHive.url],
        ] as const) {
          const client = new Client(url, 1);
          const fetches = await recorder.record(async () => {
            dataOf(await client.post(body, headers), `${name} (recorded): ${q.key}`);
          });
          client.close();
          plan[name] = { fetches, directMs: NaN, floorMs: NaN };
        }
        plans.set(q.key, plan);
      }
    } finally {
      await captureOurs.stop();
      await captureHive.stop();
      await recorder.stop();
    }

    // The floor under any gateway's overhead: each plan's fetches sent by a process that does nothing else.
    const floor = await startFloor();
    stops.push(floor.stop);
    for (const [i, q] of queries.entries())
      for (const side of ['ours', 'Hive'] as const) await floor.register(`${i}-${side}`, plans.get(q.key)![side].fetches);

    // 2. Both gateways under load, taking turns.
    const tierPids = TIERS.map((t) => bench.pidOf(t));
    const postgres = bench.postgresPid ? new CpuMeter(() => processTree(bench.postgresPid!)).start() : null;
    const results = new Map<string, Record<Side['name'], Measured>>();
    for (const [index, q] of queries.entries()) {
      const body = bodyOf(q.query, variables);
      const answers = new Map<string, string>();
      for (const side of [ours, peer]) {
        for (let i = 0; i < 10; i++)
          answers.set(side.name, canonical(dataOf(await side.client.post(body, headers), `${side.name}: ${q.key}`)));
      }
      if (answers.get('ours') !== answers.get('Hive')) throw new Error(`${q.key}: the two gateways answered differently`);
      const measured = Object.fromEntries(
        [ours, peer].map((s) => [
          s.name,
          {
            requests: 0,
            seconds: 0,
            latencies: [] as number[],
            gatewayCpu: 0,
            subgraphCpu: 0,
            postgresCpu: postgres ? 0 : null,
            sequentialP50: NaN,
          },
        ]),
      ) as Record<Side['name'], Measured>;
      const perRound = Math.max(1, Math.round(requests / rounds));
      for (let round = 0; round < rounds; round++) {
        for (const side of round % 2 ? [peer, ours] : [ours, peer]) {
          const m = measured[side.name];
          const gateway0 = cpuSeconds([side.pid]);
          const tiers0 = cpuSeconds(tierPids);
          postgres?.read();
          const run = await closedLoop(
            side.client,
            body,
            headers,
            perRound,
            concurrency,
            `${side.name}: ${q.key}`,
            seconds / rounds,
          );
          m.gatewayCpu += cpuSeconds([side.pid]) - gateway0;
          m.subgraphCpu += cpuSeconds(tierPids) - tiers0;
          if (postgres) m.postgresCpu! += postgres.read();
          m.requests += run.requests;
          m.seconds += run.seconds;
          m.latencies.push(...run.latencies);
        }
      }
      // One at a time, interleaved: a request through each gateway, and its plan's fetches sent directly.
      const plan = plans.get(q.key)!;
      const direct = new Map<string, Client>();
      const one = { ours: [] as number[], Hive: [] as number[] };
      const sums = { ours: [] as number[], Hive: [] as number[] };
      const floors = { ours: [] as number[], Hive: [] as number[] };
      const floorClients = { ours: floor.client(`${index}-ours`), Hive: floor.client(`${index}-Hive`) };
      for (let i = 0; i < sequential; i++) {
        for (const side of i % 2 ? [peer, ours] : [ours, peer]) {
          const t0 = performance.now();
          dataOf(await side.client.post(body, headers), `${side.name}: ${q.key}`);
          one[side.name].push(performance.now() - t0);
          sums[side.name].push(await directFetches(plan[side.name].fetches, direct));
          const t1 = performance.now();
          const passed = await floorClients[side.name].post(body, {});
          floors[side.name].push(performance.now() - t1);
          if (passed.status !== 200) throw new Error(`${q.key}: the pass-through floor answered HTTP ${passed.status}`);
        }
      }
      for (const client of [...direct.values(), ...Object.values(floorClients)]) client.close();
      for (const side of [ours, peer]) {
        measured[side.name].sequentialP50 = percentile(
          one[side.name].sort((a, b) => a - b),
          50,
        );
        plan[side.name].directMs = percentile(
          sums[side.name].sort((a, b) => a - b),
          50,
        );
        plan[side.name].floorMs = percentile(
          floors[side.name].sort((a, b) => a - b),
          50,
        );
        measured[side.name].latencies.sort((a, b) => a - b);
      }
      results.set(q.key, measured);
      process.stderr.write(
        `${q.key}: ours ${fmt(measured.ours.requests / measured.ours.seconds, 0)}/s, Hive ${fmt(measured.Hive.requests / measured.Hive.seconds, 0)}/s\n`,
      );
    }
    postgres?.stop();
    ours.client.close();
    peer.client.close();

    const report = render(
      queries,
      results,
      plans,
      `${visible.toLocaleString('en')} organizations visible to the district officer`,
      bench.startSeconds,
      settled,
    );
    await mkdir(RESULTS, { recursive: true });
    const file = join(RESULTS, `${new Date().toISOString().slice(0, 10)}-size${size}.md`);
    await writeFile(file, report);
    if (args.has('readme')) await updateReadme(`size-${size}`, report.replace(/^## /, '### '));
    process.stdout.write(`${report}\nWritten to ${file}\n`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await bench.stop();
  }
}

function render(
  queries: BenchQuery[],
  results: Map<string, Record<'ours' | 'Hive', Measured>>,
  plans: Map<string, Record<'ours' | 'Hive', PlanFetches>>,
  data: string,
  startSeconds: number,
  settledSeconds: number,
): string {
  const perRequest = (seconds: number | null, n: number) => (seconds === null ? 'n/a' : fmt((1000 * seconds) / n, 2));
  const throughput = [
    `| query | gateway | requests/s | vs Hive | p50 ms | p95 ms | p99 ms | gateway CPU ms/request | subgraphs CPU ms/request | PostgreSQL CPU ms/request |`,
    `|---|---|---:|---:|---:|---:|---:|---:|---:|---:|`,
  ];
  const overhead = [
    `| query | gateway | fetches | representations sent | p50 ms, 1 at a time | Σ direct fetches ms | ratio | pass-through ms | pass-through ratio |`,
    `|---|---|---:|---:|---:|---:|---:|---:|---:|`,
  ];
  for (const q of queries) {
    const r = results.get(q.key)!;
    const p = plans.get(q.key)!;
    const rate = (side: 'ours' | 'Hive') => r[side].requests / r[side].seconds;
    for (const side of ['ours', 'Hive'] as const) {
      const m = r[side];
      throughput.push(
        `| ${side === 'ours' ? q.key : ''} | ${side} | ${fmt(rate(side), 0)} | ${side === 'ours' ? `${fmt(rate('ours') / rate('Hive'), 2)}×` : ''} | ${fmt(percentile(m.latencies, 50))} | ${fmt(percentile(m.latencies, 95))} | ${fmt(percentile(m.latencies, 99))} | ${perRequest(m.gatewayCpu, m.requests)} | ${perRequest(m.subgraphCpu, m.requests)} | ${perRequest(m.postgresCpu, m.requests)} |`,
      );
      const plan = p[side];
      const sent = plan.fetches.map((f) => f.representations).filter((n) => n > 0);
      overhead.push(
        `| ${side === 'ours' ? q.key : ''} | ${side} | ${plan.fetches.length} | ${sent.length ? sent.join(' + ') : '—'} | ${fmt(m.sequentialP50)} | ${fmt(plan.directMs)} | ${fmt(m.sequentialP50 / plan.directMs, 2)}× | ${fmt(plan.floorMs)} | ${fmt(plan.floorMs / plan.directMs, 2)}× |`,
      );
    }
  }
  const cpu = cpus();
  return [
    `## Size ${size}, ${new Date().toISOString().slice(0, 10)}`,
    '',
    `${data}; each tier and each gateway a process of its own; start-up with seeding ${fmt(startSeconds)} s, then ${fmt(settledSeconds, 0)} s to vacuum and analyze the seeded databases and for autovacuum to be done (at least 30 s). ` +
      `At least ${requests} requests and ${seconds} s per query and gateway at ${concurrency} in flight, in ${rounds} alternating rounds, after 10 warm-up requests; ` +
      `then ${sequential} one at a time. Signed in as the district officer. Every answer checked (HTTP 200, no errors), both gateways' answers equal. ` +
      `Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? '?'}, Node ${process.versions.node}; ` +
      `@apollo/gateway ${versionOf('@apollo/gateway')}, @graphql-hive/gateway ${versionOf('@graphql-hive/gateway')} with @graphql-hive/router-runtime ${versionOf('@graphql-hive/router-runtime')} (in-flight deduplication off).`,
    '',
    ...throughput,
    '',
    `The plan of each gateway (its fetches recorded by a proxy in front of each subgraph) and its p50 one request at a time, against the p50 of the same fetches sent directly to the subgraphs one after another (interleaved with the gateway's requests); pass-through: the same fetches sent one after another by a Node process that does nothing else (one HTTP hop more, no GraphQL work), the floor under any gateway's ratio:`,
    '',
    ...overhead,
    '',
    'Queries:',
    '',
    ...queries.map((q) => `- **${q.key}**: ${q.label}`),
    '',
  ].join('\n');
}

/** Puts a result into the README's Benchmarks section (between markers named `bench:<name>`, added once). */
async function updateReadme(name: string, report: string): Promise<void> {
  const path = join(ROOT, 'README.md');
  const readme = await readFile(path, 'utf8');
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${start}\n\n${report}\n${end}`;
  let next: string;
  if (readme.includes(start)) next = readme.replace(new RegExp(`${start}[\\s\\S]*?${end}`), () => block);
  else if (readme.includes('<!-- bench:end -->'))
    next = readme.replace('<!-- bench:end -->', () => `${block}\n\n<!-- bench:end -->`);
  else throw new Error('README.md has no <!-- bench:end --> marker in its Benchmarks section');
  await writeFile(path, next);
}

/** `--env K=V,K=V`: a setting tried on every service. */
const envArgument = (): Record<string, string> | undefined =>
  args.has('env')
    ? Object.fromEntries(
        args
          .get('env')!
          .split(',')
          .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
      )
    : undefined;

async function idle(): Promise<void> {
  const report = await measureIdle({
    size,
    settleSeconds: Number(args.get('settle') ?? 20),
    seconds: Number(args.get('seconds') ?? 60),
    env: envArgument(),
  });
  await mkdir(RESULTS, { recursive: true });
  const file = join(RESULTS, `${new Date().toISOString().slice(0, 10)}-idle.md`);
  await writeFile(file, `## Idle, ${new Date().toISOString().slice(0, 10)}\n\n${report}\n`);
  process.stdout.write(`${report}\nWritten to ${file}\n`);
}

async function overhead(): Promise<void> {
  const report = await measureOverhead({
    size: Number(args.get('size') ?? 0.3),
    requests: Number(args.get('requests') ?? 600),
    rounds: Number(args.get('rounds') ?? 3),
    pairs: Number(args.get('pairs') ?? 6),
    block: Number(args.get('block') ?? 50),
    env: envArgument(),
    calibrate: args.has('calibrate'),
    queries: [
      { label: 'Three small fetches (the cheapest cross-tier query)', query: CHEAP_QUERY },
      { label: 'A page of 50 filtered organizations', query: LIST_QUERY },
    ],
  });
  await mkdir(RESULTS, { recursive: true });
  const file = join(
    RESULTS,
    `${new Date().toISOString().slice(0, 10)}-overhead${args.has('calibrate') ? '-calibration' : ''}.md`,
  );
  await writeFile(file, `## Cost of metrics and tracing, ${new Date().toISOString().slice(0, 10)}\n\n${report}\n`);
  process.stdout.write(`${report}\nWritten to ${file}\n`);
}

async function scale(): Promise<void> {
  const [small, large] = (args.get('sizes') ?? '1,60').split(',').map(Number) as [number, number];
  const report = await measureScale({
    sizes: [small, large],
    seconds,
    rounds: Number(args.get('rounds') ?? 4),
    concurrency,
    settleSeconds: Number(args.get('settle') ?? 180),
  });
  const heading = `### Size ${large} against size ${small}, ${new Date().toISOString().slice(0, 10)}`;
  await mkdir(RESULTS, { recursive: true });
  const file = join(RESULTS, `${new Date().toISOString().slice(0, 10)}-scale.md`);
  await writeFile(file, `${heading.replace(/^### /, '## ')}\n\n${report}\n`);
  if (args.has('readme')) await updateReadme('scale', `${heading}\n\n${report}\n`);
  process.stdout.write(`${report}\nWritten to ${file}\n`);
}

if (command === 'idle') await idle();
else if (command === 'scale') await scale();
else if (command === 'overhead') await overhead();
else if (command === 'compare') await compare();
else throw new Error(`unknown command ${command}: compare (the default), scale, idle or overhead`);
