import { parseConfig, subgraphConfigSchema, ConfigError } from './config.js';
import { createLogger } from './logger.js';
import { createOrm } from './orm.js';
import type { SubgraphDefinition } from './server.js';

/**
 * Runs a service's pending migrations and exits (the release Job of a deployment; the service itself
 * then starts with MIGRATE_ON_START=false). Migrations follow expand/contract, so the version that
 * is still serving keeps working on the migrated schema.
 */
export async function runMigrations(
  definition: Pick<SubgraphDefinition, 'name' | 'entities' | 'migrations'>,
  env: Record<string, string | undefined>,
): Promise<number> {
  let config;
  try {
    config = parseConfig(definition.name, subgraphConfigSchema, env, { PORT: Number(env.PORT ?? 0) });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const log = createLogger(`${definition.name}-migrate`, config.LOG_LEVEL);
  const orm = await createOrm({
    clientUrl: config.DATABASE_URL,
    entities: definition.entities,
    migrations: definition.migrations,
    poolMax: 1,
    log,
  });
  try {
    const applied = await orm.migrator.up();
    log.info({ migrations: applied.map((m) => m.name) }, applied.length ? 'migrations applied' : 'no pending migrations');
    return 0;
  } finally {
    await orm.close(true);
  }
}
