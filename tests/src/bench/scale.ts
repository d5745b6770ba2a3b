import { cpus } from 'node:os';
import { TIERS } from '@cso/launcher';
import { Client, closedLoop, percentile } from './client.js';
import { cpuSeconds } from './proc.js';
import { benchSession, bodyOf, SINGLE_DISTRICT, type BenchSession } from './queries.js';
import { settleAfterSeeding, sharedServer, startBenchStack, type BenchStack } from './stack.js';

export interface ScaleOptions {
  /** The small city and the large one (districts). */
  sizes: [number, number];
  /** Per query and city: at least this many seconds at `concurrency` in flight, spread over the rounds. */
  seconds: number;
  rounds: number;
  concurrency: number;
  /** At most this long to vacuum and analyze what seeding wrote and wait for PostgreSQL's autovacuum to finish. */
  settleSeconds: number;
}

interface City {
  size: number;
  bench: BenchStack;
  client: Client;
  session: BenchSession;
  latencies: number[];
  requests: number;
  seconds: number;
  subgraphCpu: number;
}

const WARM_UP_SECONDS = 2;

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/**
 * `npm run bench -- scale`: does a single district's query cost the same in a city of 60 districts as
 * in a city of one? Both cities run at once, each its own federation (each tier and the gateway a
 * process of its own) on one PostgreSQL server, seeded at the two sizes; once what seeding wrote is vacuumed
 * and analyzed and autovacuum is done, each single-district query runs on the two in alternating rounds (who goes first
 * alternates), so that the machine's drift over minutes weighs on both alike. Prints per query each
 * city's requests/s, p50 and p95 at `concurrency` in flight and the subgraphs' CPU per request, and
 * the large city's p95 over the small one's. Our gateway only (the comparison with Hive is `compare`).
 */
export async function measureScale(options: ScaleOptions): Promise<string> {
  const { server, stop: stopServer } = await sharedServer('scale', 54800);
  const cities: City[] = [];
  try {
    for (const size of options.sizes) {
      const bench = await startBenchStack({ size, server });
      const client = new Client(bench.stack.gatewayUrl);
      cities.push({
        size,
        bench,
        client,
        session: await benchSession(bench, size, client),
        latencies: [],
        requests: 0,
        seconds: 0,
        subgraphCpu: 0,
      });
      process.stderr.write(`size ${size}: started in ${fmt(bench.startSeconds)} s\n`);
    }
    const settled = await settleAfterSeeding(
      cities.flatMap((c) => Object.values(c.bench.databaseUrls)),
      options.settleSeconds,
    );
    const rows: string[] = [];
    for (const q of SINGLE_DISTRICT) {
      const bodies = cities.map((c) => bodyOf(q.query, c.session.variables));
      // Warm-up: the query's paths compiled in every process of both cities before anything is counted.
      for (const [i, city] of cities.entries()) {
        await closedLoop(
          city.client,
          bodies[i]!,
          city.session.headers,
          10,
          options.concurrency,
          `size ${city.size}: ${q.key}`,
          WARM_UP_SECONDS,
        );
        Object.assign(city, { latencies: [], requests: 0, seconds: 0, subgraphCpu: 0 });
      }
      for (let round = 0; round < options.rounds; round++) {
        for (const i of round % 2 ? [1, 0] : [0, 1]) {
          const city = cities[i]!;
          const tierPids = TIERS.map((t) => city.bench.pidOf(t));
          const cpu0 = cpuSeconds(tierPids);
          const run = await closedLoop(
            city.client,
            bodies[i]!,
            city.session.headers,
            // As many as in flight at least: the loop's length is set by the seconds.
            options.concurrency,
            options.concurrency,
            `size ${city.size}: ${q.key}`,
            options.seconds / options.rounds,
          );
          city.subgraphCpu += cpuSeconds(tierPids) - cpu0;
          city.requests += run.requests;
          city.seconds += run.seconds;
          city.latencies.push(...run.latencies);
        }
      }
      for (const city of cities) city.latencies.sort((a, b) => a - b);
      const [small, large] = cities as [City, City];
      const p95 = (c: City) => percentile(c.latencies, 95);
      const cpu = (c: City) => (1000 * c.subgraphCpu) / c.requests;
      rows.push(
        `| ${q.key} | ${cities.map((c) => `${fmt(c.requests / c.seconds, 0)} | ${fmt(percentile(c.latencies, 50))} | ${fmt(p95(c))} | ${fmt(cpu(c), 2)}`).join(' | ')} | ${fmt(p95(large) / p95(small), 2)}× | ${fmt(cpu(large) / cpu(small), 2)}× |`,
      );
      process.stderr.write(`${q.key}: p95 ${fmt(p95(small))} / ${fmt(p95(large))} ms\n`);
    }
    const [a, b] = options.sizes;
    const cpu = cpus();
    return [
      `Two cities at once on one PostgreSQL server: ${a} district${a === 1 ? '' : 's'} (${cities[0]!.session.visible.toLocaleString('en')} organizations visible to the district officer, start-up with seeding ${fmt(cities[0]!.bench.startSeconds)} s) and ${b} (${cities[1]!.session.visible.toLocaleString('en')} visible, ${fmt(cities[1]!.bench.startSeconds)} s), each tier and gateway a process of its own; ` +
        `the seeded databases vacuumed and analyzed and autovacuum done after ${fmt(settled, 0)} s more. Each query at least ${options.seconds} s per city at ${options.concurrency} in flight through our gateway, in ${options.rounds} alternating rounds after ${WARM_UP_SECONDS} s of warm-up; signed in as each city's district officer; every answer checked. ` +
        `Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? '?'}, Node ${process.versions.node}.`,
      '',
      `| query | size ${a} requests/s | p50 ms | p95 ms | subgraphs CPU ms/request | size ${b} requests/s | p50 ms | p95 ms | subgraphs CPU ms/request | p95 ${b} / ${a} | CPU ${b} / ${a} |`,
      `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
      ...rows,
    ].join('\n');
  } finally {
    for (const city of cities) {
      city.client.close();
      await city.bench.stop().catch(() => undefined);
    }
    await stopServer();
  }
}
