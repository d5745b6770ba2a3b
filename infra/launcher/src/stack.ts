import { ensureDatabase, serverVersion, type RunningSubgraph, type SubgraphOverrides } from '@cso/platform';
import { bootstrap as bootstrapCommunity } from '@cso/community';
import { bootstrap as bootstrapDistrict } from '@cso/district';
import { bootstrap as bootstrapStreet } from '@cso/street';
import { demoClaims, type DemoUser } from '@cso/demo-world';
import { bootstrapGateway, type RunningGateway } from '@cso/gateway';
import { startRegistry, type RegistryOverrides, type RunningRegistry } from '@cso/registry';
import type { DevAuth } from './dev-auth.js';
import { gatewayRegistryEnv, publishCommitted, registryEnv, type RegistryOptions } from './registry.js';

export const TIERS = ['district', 'street', 'community'] as const;
export type Tier = (typeof TIERS)[number];

export interface StackOptions {
  /** One database URL per tier; created when missing. */
  databaseUrls: Record<Tier, string>;
  /** The event bus's database (pg-boss); created when missing. */
  busUrl: string;
  ports?: Partial<Record<Tier | 'gateway', number>>;
  host?: string;
  /** Seed the default data set into empty databases (size 1 = one district). */
  seedSize?: number | null;
  logLevel?: string;
  /** Extra per-tier overrides (tests pass `onQuery` to count SQL statements). */
  subgraphOverrides?: Partial<Record<Tier, SubgraphOverrides>>;
  /** Development identity: the token key and the gateway's secrets. */
  auth: DevAuth;
  /** Swap in a new schema/supergraph.graphql without a restart (on for `npm start`). */
  watchSupergraph?: boolean;
  /** The demo users the browser workbench offers for development sign-in (none: no sign-in picker). */
  devUsers?: DemoUser[];
  env?: Record<string, string | undefined>;
  /** Start the schema registry too (in this process): the committed SDL is its first launch and the gateway follows it. */
  registry?: RegistryOptions;
}

export interface RunningStack {
  gateway: RunningGateway;
  subgraphs: Record<Tier, RunningSubgraph>;
  registry?: RunningRegistry;
  stop: () => Promise<void>;
}

/**
 * The gateway's development sign-in (the IDE's and the dashboard's picker): the development private
 * key, with which it signs short-lived tokens, and the demo users with their claims. The gateway's
 * own build holds no demo world; this configuration is all it knows of it.
 */
export function devSignInEnv(
  auth: DevAuth,
  users: DemoUser[] | undefined,
): { AUTH_DEV_PRIVATE_KEY?: string; DEV_USERS?: string } {
  if (!users?.length) return {};
  return {
    AUTH_DEV_PRIVATE_KEY: JSON.stringify(auth.keys.privateJwk),
    DEV_USERS: JSON.stringify(
      users.map((u) => ({ login: u.login, name: u.name, role: u.role, scope: u.scope, claims: demoClaims(u) })),
    ),
  };
}

const bootstrappers = {
  district: bootstrapDistrict,
  street: bootstrapStreet,
  community: bootstrapCommunity,
};

/**
 * Starts the three subgraphs (migrated, and seeded when asked) and the gateway over them, in this
 * process. Each subgraph keeps its own database and its own HTTP server, exactly as when deployed
 * alone; only the process is shared, to start fast on a small machine.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const env = options.env ?? {};
  for (const tier of TIERS) {
    const version = await serverVersion(options.databaseUrls[tier]);
    if (version < 15) throw new Error(`PostgreSQL ${version} for ${tier}: version 15 or newer is required`);
    await ensureDatabase(options.databaseUrls[tier]);
  }
  await ensureDatabase(options.busUrl);
  if (options.registry) await ensureDatabase(options.registry.databaseUrl);
  const publicKey = JSON.stringify(options.auth.keys.publicJwk);
  const started: Partial<Record<Tier, RunningSubgraph>> = {};
  let registry: RunningRegistry | undefined;
  try {
    // Subgraphs start one after another: migrations and seeding of three databases at once would
    // only compete for the same two cores.
    for (const tier of TIERS) {
      started[tier] = await bootstrappers[tier](
        {
          PORT: options.ports?.[tier] ?? 0,
          HOST: options.host ?? '127.0.0.1',
          DATABASE_URL: options.databaseUrls[tier],
          SEED_ON_START: options.seedSize != null,
          SEED_SIZE: options.seedSize ?? 1,
          LOG_LEVEL: options.logLevel as SubgraphOverrides['LOG_LEVEL'],
          AUTH_MODE: 'dev',
          AUTH_DEV_PUBLIC_KEY: publicKey,
          GATEWAY_SECRET: options.auth.gatewaySecrets[tier],
          BUS_DATABASE_URL: options.busUrl,
          ...options.subgraphOverrides?.[tier],
        },
        env,
      );
    }
    const subgraphs = started as Record<Tier, RunningSubgraph>;
    let followRegistry: Record<string, string> = {};
    if (options.registry) {
      registry = await startRegistry(
        registryEnv(options.registry, {
          nodeEnv: env.NODE_ENV,
          host: options.host,
          logLevel: options.logLevel,
        }) as RegistryOverrides,
        env,
      );
      const urls = Object.fromEntries(TIERS.map((t) => [t, subgraphs[t].url])) as Record<Tier, string>;
      await publishCommitted(registry.url, options.registry.tokens, urls, registry.log);
      followRegistry = gatewayRegistryEnv(registry.url, options.registry);
    }
    const gateway = await bootstrapGateway(
      {
        PORT: options.ports?.gateway ?? 0,
        HOST: options.host ?? '127.0.0.1',
        LOG_LEVEL: options.logLevel as never,
        DISTRICT_URL: subgraphs.district.url,
        STREET_URL: subgraphs.street.url,
        COMMUNITY_URL: subgraphs.community.url,
        SUPERGRAPH_WATCH: options.watchSupergraph ?? false,
        AUTH_MODE: 'dev',
        AUTH_DEV_PUBLIC_KEY: publicKey,
        DISTRICT_GATEWAY_SECRET: options.auth.gatewaySecrets.district,
        STREET_GATEWAY_SECRET: options.auth.gatewaySecrets.street,
        COMMUNITY_GATEWAY_SECRET: options.auth.gatewaySecrets.community,
        ...devSignInEnv(options.auth, options.devUsers),
      },
      { ...env, ...followRegistry },
    );
    return {
      gateway,
      subgraphs,
      ...(registry ? { registry } : {}),
      stop: async () => {
        await gateway.stop();
        await Promise.all(TIERS.map((t) => subgraphs[t].stop()));
        await registry?.stop();
      },
    };
  } catch (error) {
    await Promise.all(Object.values(started).map((s) => s.stop()));
    await registry?.stop();
    throw error;
  }
}
