import { ConfigError, createLogger, withDatabase } from '@cso/platform';
import { resolve } from 'node:path';
import { loadStartConfig, type StartConfig } from './config.js';
import { ensureDevAuth } from './dev-auth.js';
import { startEmbeddedPostgres, type EmbeddedServer } from '@cso/platform/embedded-postgres';
import { startStack, TIERS, type Tier } from './stack.js';

/**
 * `npm start`: PostgreSQL (embedded unless DATABASE_URL is given), one database per tier,
 * migrations, seed data on first start, the three subgraphs and the gateway.
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

  const auth = await ensureDevAuth(resolve(config.DATA_DIR));
  let stack: Awaited<ReturnType<typeof startStack>>;
  try {
    stack = await startStack({
      databaseUrls,
      busUrl: config.BUS_DATABASE_URL ?? withDatabase(serverUrl ?? databaseUrls.district, 'cso_bus'),
      auth,
      host: config.HOST,
      ports: {
        gateway: config.GATEWAY_PORT,
        district: config.DISTRICT_PORT,
        street: config.STREET_PORT,
        community: config.COMMUNITY_PORT,
      },
      seedSize: config.SEED ? config.SEED_SIZE : null,
      logLevel: config.LOG_LEVEL,
      watchSupergraph: true,
      env: { NODE_ENV: config.NODE_ENV },
    });
  } catch (error) {
    await embedded?.stop();
    throw error;
  }

  const endpoint = `http://localhost:${stack.gateway.port}/graphql`;
  log.info({ endpoint, seconds: (Date.now() - started) / 1000 }, 'ready');
  process.stdout.write(
    `\n  社区社会组织 federation is up: GraphQL endpoint ${endpoint}\n` +
      `  Sign in as a demo user: npm run -s token -- --list, then send "Authorization: Bearer <token>"\n` +
      `  (Ctrl-C stops everything)\n\n`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
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
