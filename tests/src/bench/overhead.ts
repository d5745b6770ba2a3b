import { demoClaims, demoUsers, generateWorld } from '@cso/demo-world';
import { TIERS, type ServiceName } from '@cso/launcher';
import { signDevToken } from '@cso/platform';
import { Client, dataOf } from './client.js';
import { cpuNanos } from './proc.js';
import { sharedServer, startBenchStack, type BenchStack } from './stack.js';

/** A query whose per-request costs weigh most: three small subgraph fetches (district, then street, then community). */
export const CHEAP_QUERY = 'query DistrictsStreetsCommunities { districts { name streets { name communities { name } } } }';

/** A list of 50 filtered organizations with their counters: one community fetch of a typical page. */
export const LIST_QUERY =
  'query FilteredOrganizations { organizations(first: 50, filter: { status: FILED }) { totalCount nodes { name memberCount partyMemberCount } } }';

const SERVICES: ServiceName[] = ['gateway', ...TIERS];

const ON = 'metrics on, tracing off (the default)';
type Mode = string;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface OverheadOptions {
  size: number;
  /** Requests per configuration and round, sent one after another. */
  requests: number;
  /** Rounds per pair of federations. */
  rounds: number;
  /**
   * Pairs of federations started one after the other, each configuration started first in every other pair:
   * whatever favours the first (or the second) set of processes cancels out.
   */
  pairs: number;
  /** The configurations take turns every `block` requests, so that a noisy moment weighs on both. */
  block: number;
  queries: { label: string; query: string }[];
  /** Environment of every service of both federations (to try a runtime setting). */
  env?: Record<string, string>;
  /**
   * Calibration: both federations configured alike (metrics on), so that what is printed as overhead is
   * the method's own noise.
   */
  calibrate?: boolean;
}

/** CPU ns per request of each service (in SERVICES order), one entry per round. */
type Rounds = number[][];

/**
 * `npm run bench -- overhead`: what metrics and tracing with no exporter cost per request, as deployed.
 * Two federations run side by side on one PostgreSQL, each service its own process: one as configured by
 * default (metrics on; OTEL_EXPORTER_OTLP_ENDPOINT unset, so tracing off) and one with METRICS_ENABLED=false
 * on every service. For each query, each round sends `requests` requests one at a time to each federation,
 * taking turns every `block`, and counts the CPU of the gateway and the three tier processes over the round
 * (every thread, from the scheduler's nanosecond count). This is repeated on `pairs` fresh pairs of
 * federations, the configurations taking turns to be started first. PostgreSQL's CPU is left out: metrics
 * send it nothing per request. Prints per query the median CPU per request of each configuration, and the
 * overhead, per service and in all: each pair's median of its rounds' own ratios (each round ran both in the
 * same minutes), averaged over the pairs.
 */
export async function measureOverhead(options: OverheadOptions): Promise<string> {
  const { server, stop: stopServer } = await sharedServer('overhead', 54900);
  const modes: [Mode, Record<string, string>][] = options.calibrate
    ? [
        [ON, {}],
        [`${ON}, again`, {}],
      ]
    : [
        [ON, {}],
        ['METRICS_ENABLED=false', { METRICS_ENABLED: 'false' }],
      ];
  const names = modes.map(([mode]) => mode);
  // results[query][mode]: the rounds of every pair
  const results = options.queries.map(() => Object.fromEntries(names.map((m) => [m, [] as Rounds])) as Record<Mode, Rounds>);
  // pairOf[query][round]: the pair each round ran on
  const pairOf = options.queries.map(() => [] as number[]);
  try {
    for (let pair = 0; pair < options.pairs; pair++) {
      const order = pair % 2 ? [...modes].reverse() : modes;
      const stacks: BenchStack[] = [];
      try {
        for (const [, own] of order) {
          const env = { ...options.env, ...own };
          stacks.push(
            await startBenchStack({ size: options.size, server, env: Object.fromEntries(SERVICES.map((s) => [s, env])) }),
          );
        }
        const officer = demoUsers(generateWorld(options.size, 0)).find((u) => u.login === 'district-officer')!;
        // Each stack has keys of its own: the officer's token is signed for each.
        const sides = await Promise.all(
          order.map(async ([mode], k) => {
            const bench = stacks[k]!;
            const token = await signDevToken(bench.auth.keys.privateJwk, demoClaims(officer), { expiresIn: '12h' });
            return {
              mode,
              client: new Client(bench.stack.gatewayUrl, 1),
              headers: { authorization: `Bearer ${token}` },
              pids: SERVICES.map((s) => bench.pidOf(s)),
            };
          }),
        );
        for (const [q, { label, query }] of options.queries.entries()) {
          const body = JSON.stringify({ query });
          const send = async (side: (typeof sides)[number], n: number) => {
            for (let i = 0; i < n; i++) dataOf(await side.client.post(body, side.headers), `${side.mode}: ${label}`);
          };
          for (const side of sides) await send(side, 1000); // warm-up: JIT (the first thousand requests still get cheaper), pools, plans
          for (let round = 0; round < options.rounds; round++) {
            // Each federation's CPU over the whole round, its turns and its waits alike: work a process does after
            // answering (garbage collection, V8's idle-time tasks) lands while the other federation has its turn,
            // and counting turns alone would lose it.
            const before = sides.map((side) => side.pids.map(cpuNanos));
            for (let sent = 0; sent < options.requests; sent += options.block)
              for (const side of (sent / options.block + round) % 2 ? [...sides].reverse() : sides)
                await send(side, options.block);
            sides.forEach((side, k) =>
              results[q]![side.mode]!.push(side.pids.map((pid, i) => (cpuNanos(pid) - before[k]![i]!) / options.requests)),
            );
            pairOf[q]!.push(pair);
          }
        }
        for (const side of sides) side.client.close();
      } finally {
        for (const stack of stacks) await stack.stop();
      }
    }
  } finally {
    await stopServer();
  }

  const total = (r: number[]) => r.reduce((a, b) => a + b, 0);
  const pct = (ratio: number) => `${((ratio - 1) * 100).toFixed(1)} %`;
  const us = (ns: number) => (ns / 1000).toFixed(0);
  const sections = options.queries.map(({ label, query }, q) => {
    const [on, off] = names.map((m) => results[q]![m]!) as [Rounds, Rounds];
    // The overhead: each pair's median of its rounds' ratios, averaged over the pairs. Two sets of processes
    // running the same code differ by a few per cent for the whole of their lives (which was started first,
    // how their heaps grew), so a pair's rounds are not independent samples; pairs are, and they alternate
    // which configuration starts first.
    const overhead = (ratio: (k: number) => number) => {
      const perPair = [...new Set(pairOf[q])].map((pair) => median(pairOf[q]!.flatMap((p, k) => (p === pair ? [ratio(k)] : []))));
      return perPair.reduce((a, b) => a + b, 0) / perPair.length;
    };
    const serviceRows = SERVICES.map((service, i) => {
      const a = median(on.map((r) => r[i]!));
      const b = median(off.map((r) => r[i]!));
      return `| ${service} | ${us(a)} | ${us(b)} | ${us(a - b)} | ${pct(overhead((k) => on[k]![i]! / off[k]![i]!))} |`;
    });
    const a = median(on.map(total));
    const b = median(off.map(total));
    return [
      `### ${label}`,
      '',
      '`' + query + '`',
      '',
      `| service | CPU µs per request, ${names[0]} | ${names[1]} | difference µs | overhead (mean over pairs of each pair's median ratio) |`,
      '|---|---:|---:|---:|---:|',
      ...serviceRows,
      `| **all four** | **${us(a)}** | **${us(b)}** | **${us(a - b)}** | **${pct(overhead((k) => total(on[k]!) / total(off[k]!)))}** |`,
      '',
      `Rounds (all four, µs per request, pair by pair): ${names[0]} ${on.map((r) => us(total(r))).join(' ')}; ${names[1]} ${off
        .map((r) => us(total(r)))
        .join(' ')}.`,
    ].join('\n');
  });
  const settings = options.env
    ? `; every service with ${Object.entries(options.env)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`
    : '';
  return [
    ...(options.calibrate
      ? ['**Calibration**: both federations alike; the differences below are the noise of the method.', '']
      : []),
    `${options.pairs} pairs of federations × ${options.rounds} rounds of ${options.requests} requests one at a time per configuration and query, taking turns every ${options.block}; seed size ${options.size}; each service its own process; CPU of every thread of the gateway and the three tiers${settings}.`,
    '',
    ...sections,
  ].join('\n');
}
