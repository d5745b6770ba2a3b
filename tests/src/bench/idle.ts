import { TIERS, type ServiceName } from '@cso/launcher';
import pg from 'pg';
import { CpuMeter, cpuSeconds, processTree } from './proc.js';
import { startBenchStack } from './stack.js';

/**
 * `npm run bench -- idle [--size N] [--settle S] [--seconds S]`: the cost of the stack with no traffic.
 * Starts the federation (each tier and the gateway its own process, on embedded PostgreSQL), lets it
 * settle after seeding, then measures for `seconds` the CPU of each service process and of PostgreSQL
 * (the postmaster and every backend), and the transactions each database committed meanwhile.
 */
export async function measureIdle(options: {
  size: number;
  settleSeconds: number;
  seconds: number;
  /** Extra environment of every service (to try a setting). */
  env?: Record<string, string>;
}): Promise<string> {
  const services: ServiceName[] = [...TIERS, 'gateway'];
  const bench = await startBenchStack({
    size: options.size,
    env: Object.fromEntries(services.map((s) => [s, options.env ?? {}])),
  });
  try {
    // Seeding leaves work behind (autovacuum, the first outbox rounds): let it pass.
    await new Promise((r) => setTimeout(r, options.settleSeconds * 1000));
    const before = Object.fromEntries(services.map((s) => [s, cpuSeconds([bench.pidOf(s)])]));
    const postgres = bench.postgresPid ? new CpuMeter(() => processTree(bench.postgresPid!)).start() : null;
    const commits = async () => {
      const client = new pg.Client({ connectionString: bench.databaseUrls.district });
      await client.connect();
      try {
        const { rows } = await client.query<{ datname: string; xact_commit: string }>(
          `select datname, xact_commit from pg_stat_database where datname like 'bench_%'`,
        );
        return new Map(rows.map((r) => [r.datname.replace(/^bench_|_[0-9a-f]{6}$/g, ''), Number(r.xact_commit)]));
      } finally {
        await client.end();
      }
    };
    const commitsBefore = await commits();
    await new Promise((r) => setTimeout(r, options.seconds * 1000));
    const commitsAfter = await commits();
    const used = Object.fromEntries(services.map((s) => [s, cpuSeconds([bench.pidOf(s)]) - before[s]!]));
    const pgSeconds = postgres?.read() ?? null;
    postgres?.stop();
    const percent = (seconds: number) => ((100 * seconds) / options.seconds).toFixed(2);
    const nodeTotal = Object.values(used).reduce((a, b) => a + b, 0);
    const lines = [
      `Idle for ${options.seconds} s after ${options.settleSeconds} s of settling (size ${options.size}${
        options.env
          ? `; ${Object.entries(options.env)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ')}`
          : ''
      }), % of one core:`,
      '',
      '| process | CPU % |',
      '|---|---:|',
      ...services.map((s) => `| ${s} | ${percent(used[s]!)} |`),
      `| PostgreSQL (postmaster and backends) | ${pgSeconds === null ? 'n/a' : percent(pgSeconds)} |`,
      `| **total** | **${percent(nodeTotal + (pgSeconds ?? 0))}** |`,
      '',
      `Transactions per second while idle: ${[...commitsAfter]
        .map(([db, n]) => `${db} ${((n - (commitsBefore.get(db) ?? n)) / options.seconds).toFixed(1)}`)
        .join(', ')} (the measuring connection's own two included).`,
    ];
    return lines.join('\n');
  } finally {
    await bench.stop();
  }
}
