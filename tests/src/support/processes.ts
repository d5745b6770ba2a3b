import { demoClaims, demoUsers, generateWorld, type DemoUser } from '@cso/demo-world';
import {
  ephemeralDevAuth,
  gatewayEnv,
  ServiceProcess,
  startProcessStack,
  tierEnv,
  TIERS,
  type DevAuth,
  type ProcessStack,
  type ProcessStackOptions,
  type ServiceName,
  type Tier,
} from '@cso/launcher';
import { createLogger, dropDatabase, signDevToken } from '@cso/platform';
import { newRegistryTokens, RegistryClient, type RegistryTokens } from '@cso/registry';
import { createTestDatabase, postGraphQL, type GraphQLResponse } from '@cso/platform/testing';
import pg from 'pg';

/** Settings that make the event pipeline quick enough to watch in a test. */
export const QUICK_EVENTS = {
  EVENT_RETRY_LIMIT: '2',
  EVENT_RETRY_DELAY_SECONDS: '1',
  JOB_INTERVAL_MS: '500',
  // A consumer killed in its handler is redelivered after its heartbeat stops plus one supervision pass.
  EVENT_SUPERVISE_SECONDS: '5',
} as const;

export interface ProcessTestStack {
  stack: ProcessStack;
  services: Record<ServiceName, ServiceProcess>;
  databaseUrls: Record<Tier, string>;
  busUrl: string;
  auth: DevAuth;
  users: DemoUser[];
  /** Every line each service printed (pino JSON), in order. */
  logs: Record<ServiceName, string[]>;
  gql: <T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ) => Promise<GraphQLResponse<T>>;
  as: (login: string) => Promise<Record<string, string>>;
  /** Runs SQL on a tier's database (or the bus's). */
  sql: <T = Record<string, unknown>>(target: Tier | 'bus', text: string, params?: unknown[]) => Promise<T[]>;
  /** A second instance of a service (a new version beside the old), with the same configuration unless overridden. */
  spawn: (name: ServiceName, env?: Record<string, string>) => Promise<ServiceProcess>;
  /** With `registry`: the schema registry's process, URL, tokens, a client (a tier's publish token, or the admin's) and its log lines. */
  registry?: {
    service: ServiceProcess;
    url: string;
    tokens: RegistryTokens;
    client: (tier?: Tier) => RegistryClient;
    logs: string[];
  };
  stop: () => Promise<void>;
}

/**
 * The federation as it deploys, for fault tests: each tier and the gateway in a process of its own
 * (the launcher's processes mode), on fresh databases of the test server, with their logs kept.
 */
export async function startProcessTestStack(
  options: {
    seedSize?: number;
    env?: Partial<Record<ServiceName, Record<string, string>>>;
    busUrl?: string;
    /** Start the schema registry too (its own database); the gateway follows its launches, polling every `pollMs`. */
    registry?: { pollMs?: number; env?: Record<string, string> };
  } = {},
): Promise<ProcessTestStack> {
  const seedSize = options.seedSize ?? 0.2;
  const auth = await ephemeralDevAuth();
  const users = demoUsers(generateWorld(seedSize));
  const databaseUrls = Object.fromEntries(
    await Promise.all(TIERS.map(async (t) => [t, await createTestDatabase(`p${t}`)] as const)),
  ) as Record<Tier, string>;
  const busUrl = options.busUrl ?? (await createTestDatabase('pbus'));
  const logs = Object.fromEntries([...TIERS, 'gateway'].map((s) => [s, [] as string[]])) as Record<ServiceName, string[]>;
  const common = { NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '0', PUBLIC_RATE_LIMIT_PER_MINUTE: '0' };
  const registryLogs: string[] = [];
  const registryDatabase = options.registry ? await createTestDatabase('preg') : null;
  const registryTokens = newRegistryTokens(TIERS);
  const stackOptions: ProcessStackOptions = {
    databaseUrls,
    busUrl,
    auth,
    log: createLogger('test-launcher', 'silent'),
    seedSize,
    logLevel: 'info',
    nodeEnv: 'test',
    restart: false,
    stdio: (line, service) => logs[service].push(line),
    env: Object.fromEntries(
      [...TIERS, 'gateway'].map((s) => [
        s,
        { ...common, ...(TIERS.includes(s as Tier) ? QUICK_EVENTS : {}), ...options.env?.[s as ServiceName] },
      ]),
    ),
    ...(options.registry && registryDatabase
      ? {
          registry: {
            databaseUrl: registryDatabase,
            tokens: registryTokens,
            pollMs: options.registry.pollMs,
            env: options.registry.env,
            stdio: (line: string) => registryLogs.push(line),
          },
        }
      : {}),
  };
  const stack = await startProcessStack(stackOptions);
  const pools = new Map<string, pg.Pool>();
  const poolFor = (target: Tier | 'bus') => {
    const url = target === 'bus' ? busUrl : databaseUrls[target];
    let pool = pools.get(url);
    if (!pool) {
      pool = new pg.Pool({ connectionString: url, max: 4 });
      pools.set(url, pool);
    }
    return pool;
  };
  const extra: ServiceProcess[] = [];
  return {
    stack,
    services: stack.services,
    databaseUrls,
    busUrl,
    auth,
    users,
    logs,
    gql: (query, variables, headers) => postGraphQL(stack.services.gateway.url, query, variables, headers),
    as: async (login) => {
      const user = users.find((u) => u.login === login);
      if (!user) throw new Error(`no demo user ${login}`);
      return { authorization: `Bearer ${await signDevToken(auth.keys.privateJwk, demoClaims(user))}` };
    },
    sql: async <T>(target: Tier | 'bus', text: string, params: unknown[] = []) =>
      (await poolFor(target).query(text, params)).rows as T[],
    spawn: async (name, env = {}) => {
      const base =
        name === 'gateway'
          ? gatewayEnv(
              stackOptions,
              Object.fromEntries(TIERS.map((t) => [t, stack.services[t].url])) as Record<Tier, string>,
              stack.registry?.url,
            )
          : { ...tierEnv(name, { ...stackOptions, seedSize: null }), ...stackOptions.env?.[name] };
      const service = new ServiceProcess({
        name,
        env: { ...base, PORT: '0', ...env },
        log: stackOptions.log,
        restart: false,
        stdio: (line) => logs[name].push(line),
      });
      extra.push(service);
      return service.start();
    },
    ...(stack.registry
      ? {
          registry: {
            service: stack.registry.service,
            url: stack.registry.url,
            tokens: registryTokens,
            client: (tier?: Tier) =>
              new RegistryClient(stack.registry!.url, {
                token: tier ? registryTokens.publish[tier] : registryTokens.admin,
                actor: 'test',
              }),
            logs: registryLogs,
          },
        }
      : {}),
    stop: async () => {
      await Promise.all(extra.map((s) => s.stop()));
      await stack.stop();
      await Promise.all([...pools.values()].map((p) => p.end()));
      await Promise.all([
        ...TIERS.map((t) => dropDatabase(databaseUrls[t])),
        options.busUrl ? Promise.resolve() : dropDatabase(busUrl),
        registryDatabase ? dropDatabase(registryDatabase) : Promise.resolve(),
      ]);
    },
  };
}

/** Polls until `ok` holds or the time is up (events travel through the bus). */
export async function eventually<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 30_000,
  stepMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** Log lines of a service at a pino level or above (50 error, 40 warn), parsed. */
export function logEntries(lines: string[], minLevel = 50): Record<string, unknown>[] {
  return lines.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      return typeof entry.level === 'number' && entry.level >= minLevel ? [entry] : [];
    } catch {
      return [];
    }
  });
}
