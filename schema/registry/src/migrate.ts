import { ConfigError, createLogger } from '@cso/platform';
import pg from 'pg';
import { loadRegistryConfig } from './config.js';
import { migrate } from './store/migrations.js';

/** The registry's release Job: applies its pending migrations and exits (the service then runs with MIGRATE_ON_START=false). */
try {
  const config = loadRegistryConfig(process.env);
  const log = createLogger('registry-migrate', config.LOG_LEVEL);
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1 });
  try {
    const applied = await migrate(pool);
    log.info({ migrations: applied }, applied.length ? 'migrations applied' : 'no pending migrations');
  } finally {
    await pool.end();
  }
} catch (error) {
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `registry migrations failed: ${String(error)}\n`);
  process.exit(1);
}
