import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  ephemeralDevAuth,
  startEmbeddedPostgres,
  startProcessStack,
  TIERS,
  type DevAuth,
  type ProcessStack,
  type ServiceName,
  type Tier,
} from '@cso/launcher';
import { createLogger, dropDatabase, withDatabase } from '@cso/platform';
import pg from 'pg';
import { postmasterOf } from './proc.js';

/**
 * A PostgreSQL server for the bench: DATABASE_URL when set (its CPU is not measured), else a throw-away
 * embedded one (`stop` removes it) whose postmaster is `postgresPid` (its backends are its children).
 * Stacks side by side share one.
 */
export async function sharedServer(
  name: string,
  basePort: number,
): Promise<{ server: string; postgresPid: number | null; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { server: process.env.DATABASE_URL, postgresPid: null, stop: async () => undefined };
  const dataDir = join(tmpdir(), `cso-${name}-${randomBytes(4).toString('hex')}`);
  const embedded = await startEmbeddedPostgres({ dataDir, port: basePort + Math.floor(Math.random() * 90), ephemeral: true });
  return { server: embedded.serverUrl, postgresPid: postmasterOf(dataDir), stop: () => embedded.stop() };
}

export interface BenchStack {
  stack: ProcessStack;
  auth: DevAuth;
  databaseUrls: Record<Tier, string>;
  busUrl: string;
  /** The postmaster of the embedded server (its backends are its children); null with DATABASE_URL. */
  postgresPid: number | null;
  /** Start-up of the stack, seeding included. */
  startSeconds: number;
  pidOf: (service: ServiceName) => number;
  stop: () => Promise<void>;
}

/**
 * The federation as it deploys for a benchmark: each tier and the gateway in a process of its own
 * (the launcher's processes mode), on fresh databases seeded at `size`. PostgreSQL is a throw-away
 * embedded server unless DATABASE_URL names one (then its CPU is not measured).
 */
export async function startBenchStack(options: {
  size: number;
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  logLevel?: string;
  /** A PostgreSQL server to use (two stacks side by side share one); else DATABASE_URL, else an embedded one of its own. */
  server?: string;
}): Promise<BenchStack> {
  const own = options.server ? undefined : await sharedServer('bench', 54400);
  const server = options.server ?? own!.server;
  const postgresPid = own?.postgresPid ?? null;
  const suffix = randomBytes(3).toString('hex');
  const databaseUrls = Object.fromEntries(TIERS.map((t) => [t, withDatabase(server, `bench_${t}_${suffix}`)])) as Record<
    Tier,
    string
  >;
  const busUrl = withDatabase(server, `bench_bus_${suffix}`);
  const auth = await ephemeralDevAuth();
  const started = performance.now();
  const common = { NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '0', PUBLIC_RATE_LIMIT_PER_MINUTE: '0' };
  const dropAll = () => Promise.all([...TIERS.map((t) => dropDatabase(databaseUrls[t])), dropDatabase(busUrl)]);
  let stack: ProcessStack;
  try {
    stack = await startProcessStack({
      databaseUrls,
      busUrl,
      auth,
      log: createLogger('bench', 'warn'),
      seedSize: options.size,
      logLevel: options.logLevel ?? 'warn',
      nodeEnv: 'test',
      restart: false,
      env: Object.fromEntries(
        [...TIERS, 'gateway'].map((s) => [s, { ...common, ...options.env?.[s as ServiceName] }]),
      ) as Partial<Record<ServiceName, Record<string, string>>>,
    });
  } catch (error) {
    // A service that did not start must not leave its databases or an embedded server behind.
    await dropAll().catch(() => undefined);
    await own?.stop();
    throw error;
  }
  const startSeconds = (performance.now() - started) / 1000;
  return {
    stack,
    auth,
    databaseUrls,
    busUrl,
    postgresPid,
    startSeconds,
    pidOf: (service) => {
      const pid = stack.services[service].pid;
      if (pid === null) throw new Error(`${service} is not running`);
      return pid;
    },
    stop: async () => {
      await stack.stop();
      await dropAll();
      await own?.stop();
    },
  };
}

const MIN_SETTLE_SECONDS = 30;

/**
 * Brings freshly seeded databases to the state of a running deployment before anything is measured:
 * `VACUUM (ANALYZE)` of each database (what autovacuum does in time on a server that has run for a
 * while: visibility maps and hint bits set, the rows that seeding updated cleaned away, statistics
 * fresh), then waits until no autovacuum worker runs, at most `seconds`, and at least
 * `MIN_SETTLE_SECONDS`. Waiting alone was not enough: autovacuum starts a minute after a table
 * changes, and one district's statistics read 1,756 organization rows in 2.2-2.7 ms before a vacuum
 * and 1.3-1.5 ms after, so whichever gateway ran while that changed was charged for it. The first
 * half-minute after start-up also costs 30-50 % more per request (compilation, the services' first
 * rounds of jobs), measured with the same query before and after. Returns the seconds it took.
 */
export async function settleAfterSeeding(databaseUrls: readonly string[], seconds: number): Promise<number> {
  const started = performance.now();
  for (const url of databaseUrls) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('vacuum (analyze)');
    } finally {
      await client.end();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrls[0] });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query<{ n: string }>(
        `select count(*) as n from pg_stat_activity where backend_type = 'autovacuum worker'`,
      );
      const waited = performance.now() - started;
      if ((Number(rows[0]!.n) === 0 && waited > MIN_SETTLE_SECONDS * 1000) || waited > seconds * 1000) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    await client.end();
  }
  return (performance.now() - started) / 1000;
}
