import { resolve } from 'node:path';
import { demoUsers, generateWorld } from '@cso/demo-world';
import { ConfigError, createLogger, withDatabase } from '@cso/platform';
import { devRegistryTokens } from '@cso/registry';
import { startEmbeddedPostgres, type EmbeddedServer } from '@cso/platform/embedded-postgres';
import { loadStartConfig, startMode, type StartConfig } from './config.js';
import { ensureDevAuth } from './dev-auth.js';
import { startProcessStack } from './processes.js';
import { republishOnCompose, type RegistryOptions } from './registry.js';
import { startStack, TIERS, type Tier } from './stack.js';

/**
 * `npm start`: PostgreSQL (embedded unless DATABASE_URL is given), one database per tier,
 * migrations, seed data on first start, the three subgraphs and the gateway: each in its own
 * process (START_MODE=processes, the default on a multi-core machine) or all in this one
 * (START_MODE=single).
 */
async function main(config: StartConfig): Promise<void> {
  const log = createLogger('start', config.LOG_LEVEL);
  const started = Date.now();
  const perTier: Record<Tier, string | undefined> = {
    district: config.DISTRICT_DATABASE_URL,
    street: config.STREET_DATABASE_URL,
    community: config.COMMUNITY_DATABASE_URL,
  };
  let embedded: EmbeddedServer | undefined;
  let serverUrl = config.DATABASE_URL;
  if (!serverUrl && TIERS.some((t) => !perTier[t])) {
    const dataDir = resolve(config.DATA_DIR);
    log.info({ dataDir, port: config.EMBEDDED_PG_PORT }, 'starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({ dataDir, port: config.EMBEDDED_PG_PORT });
    serverUrl = embedded.serverUrl;
  }
  const databaseUrls = Object.fromEntries(TIERS.map((t) => [t, perTier[t] ?? withDatabase(serverUrl!, `cso_${t}`)])) as Record<
    Tier,
    string
  >;
  const busUrl = config.BUS_DATABASE_URL ?? withDatabase(serverUrl ?? databaseUrls.district, 'cso_bus');
  const auth = await ensureDevAuth(resolve(config.DATA_DIR));
  // The schema registry: its own database, development tokens kept beside the signing key (npm run schema reads them).
  const registry: RegistryOptions | undefined = config.REGISTRY
    ? {
        databaseUrl: config.REGISTRY_DATABASE_URL ?? withDatabase(serverUrl ?? databaseUrls.district, 'cso_registry'),
        tokens: await devRegistryTokens(resolve(config.DATA_DIR), TIERS),
        port: config.REGISTRY_PORT,
      }
    : undefined;
  const ports = {
    gateway: config.GATEWAY_PORT,
    district: config.DISTRICT_PORT,
    street: config.STREET_PORT,
    community: config.COMMUNITY_PORT,
  };
  const seedSize = config.SEED ? config.SEED_SIZE : null;
  const mode = startMode(config);
  // Development sign-in in the browser offers the same demo users as `npm run -s token`.
  const devUsers = demoUsers(generateWorld(config.SEED_SIZE));

  let stack: {
    gatewayUrl: string;
    stop: () => Promise<void>;
    pids: string;
    registryUrl?: string;
    tierUrls: Record<Tier, string>;
  };
  try {
    if (mode === 'processes') {
      const running = await startProcessStack({
        databaseUrls,
        busUrl,
        auth,
        log,
        host: config.HOST,
        ports,
        seedSize,
        logLevel: config.LOG_LEVEL,
        nodeEnv: config.NODE_ENV,
        watchSupergraph: true,
        devUsers,
        registry,
      });
      const pids = [...Object.values(running.services), ...(running.registry ? [running.registry.service] : [])]
        .map((s) => `${s.name} ${s.pid}`)
        .join(', ');
      const tierUrls = Object.fromEntries(TIERS.map((t) => [t, running.services[t].url])) as Record<Tier, string>;
      stack = { gatewayUrl: running.gatewayUrl, stop: running.stop, pids, registryUrl: running.registry?.url, tierUrls };
    } else {
      const running = await startStack({
        databaseUrls,
        busUrl,
        auth,
        host: config.HOST,
        ports,
        seedSize,
        logLevel: config.LOG_LEVEL,
        watchSupergraph: true,
        devUsers,
        env: { NODE_ENV: config.NODE_ENV },
        registry,
      });
      const tierUrls = Object.fromEntries(TIERS.map((t) => [t, running.subgraphs[t].url])) as Record<Tier, string>;
      stack = {
        gatewayUrl: running.gateway.url,
        stop: running.stop,
        pids: `all in ${process.pid}`,
        registryUrl: running.registry?.url,
        tierUrls,
      };
    }
  } catch (error) {
    await embedded?.stop();
    throw error;
  }

  // `npm run compose` while running: the registry gets the new committed SDL and the gateway follows.
  const stopRepublishing =
    registry && stack.registryUrl ? republishOnCompose(stack.registryUrl, registry.tokens, stack.tierUrls, log) : () => undefined;
  const endpoint = `http://localhost:${new URL(stack.gatewayUrl).port}/graphql`;
  log.info({ endpoint, mode, seconds: (Date.now() - started) / 1000 }, 'ready');
  const origin = endpoint.replace(/\/graphql$/, '');
  process.stdout.write(
    `\n  社区社会组织 federation is up: GraphQL endpoint ${endpoint}\n` +
      `  Services (${mode}): ${stack.pids}\n` +
      `  In a browser: the GraphQL IDE at ${endpoint}, the figures dashboard (统计看板) at ${origin}/dashboard\n` +
      `    (sign in there as a demo user; nothing is loaded from another host)\n` +
      `  Sign in as a demo user: npm run -s token -- --list, then send "Authorization: Bearer <token>"\n` +
      (stack.registryUrl
        ? `  Schema registry: http://localhost:${new URL(stack.registryUrl).port} (npm run schema -- status | check | publish)\n`
        : '') +
      `  (Ctrl-C stops everything)\n\n`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    stopRepublishing();
    try {
      await stack.stop();
    } finally {
      await embedded?.stop();
    }
    log.info('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

try {
  await main(loadStartConfig(process.env));
} catch (error) {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`Start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
