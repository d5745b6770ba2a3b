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
import { postmasterOf } from './proc.js';

/**
 * A PostgreSQL server for stacks side by side: DATABASE_URL when set, else a throw-away embedded one
 * (`stop` removes it).
 */
export async function sharedServer(name: string, basePort: number): Promise<{ server: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { server: process.env.DATABASE_URL, stop: async () => undefined };
  const embedded = await startEmbeddedPostgres({
    dataDir: join(tmpdir(), `cso-${name}-${randomBytes(4).toString('hex')}`),
    port: basePort + Math.floor(Math.random() * 90),
    ephemeral: true,
  });
  return { server: embedded.serverUrl, stop: () => embedded.stop() };
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
  let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
  let server = options.server ?? process.env.DATABASE_URL;
  let postgresPid: number | null = null;
  if (!server) {
    const dataDir = join(tmpdir(), `cso-bench-${randomBytes(4).toString('hex')}`);
    embedded = await startEmbeddedPostgres({ dataDir, port: 54400 + Math.floor(Math.random() * 500), ephemeral: true });
    server = embedded.serverUrl;
    postgresPid = postmasterOf(dataDir);
  }
  const suffix = randomBytes(3).toString('hex');
  const databaseUrls = Object.fromEntries(TIERS.map((t) => [t, withDatabase(server, `bench_${t}_${suffix}`)])) as Record<
    Tier,
    string
  >;
  const busUrl = withDatabase(server, `bench_bus_${suffix}`);
  const auth = await ephemeralDevAuth();
  const started = performance.now();
  const common = { NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '0', PUBLIC_RATE_LIMIT_PER_MINUTE: '0' };
  const stack = await startProcessStack({
    databaseUrls,
    busUrl,
    auth,
    log: createLogger('bench', 'warn'),
    seedSize: options.size,
    logLevel: options.logLevel ?? 'warn',
    nodeEnv: 'test',
    restart: false,
    env: Object.fromEntries([...TIERS, 'gateway'].map((s) => [s, { ...common, ...options.env?.[s as ServiceName] }])) as Partial<
      Record<ServiceName, Record<string, string>>
    >,
  });
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
      await Promise.all([...TIERS.map((t) => dropDatabase(databaseUrls[t])), dropDatabase(busUrl)]);
      await embedded?.stop();
    },
  };
}
