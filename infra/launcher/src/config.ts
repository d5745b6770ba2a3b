import { availableParallelism } from 'node:os';
import { envBoolean, parseConfig, postgresUrl } from '@cso/platform';
import { z } from 'zod';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** Configuration of `npm start` (the whole system in one command). */
export const startConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** A PostgreSQL server to use instead of the embedded one; each tier gets its own database on it. */
  DATABASE_URL: postgresUrl.optional(),
  DISTRICT_DATABASE_URL: postgresUrl.optional(),
  STREET_DATABASE_URL: postgresUrl.optional(),
  COMMUNITY_DATABASE_URL: postgresUrl.optional(),
  /** The event bus's database (default: cso_bus on the same server). */
  BUS_DATABASE_URL: postgresUrl.optional(),
  /** Start the schema registry (database cso_registry) with the committed SDL as its first launch; the gateway follows it. */
  REGISTRY: envBoolean.default(true),
  /** The registry's own database (default: cso_registry on the same server). */
  REGISTRY_DATABASE_URL: postgresUrl.optional(),
  /** Where the embedded PostgreSQL keeps its data. */
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_PG_PORT: port(54329),
  HOST: z.string().default('0.0.0.0'),
  GATEWAY_PORT: port(4000),
  DISTRICT_PORT: port(4001),
  STREET_PORT: port(4002),
  COMMUNITY_PORT: port(4003),
  REGISTRY_PORT: port(4010),
  /** Seed the default data into empty databases (idempotent). */
  SEED: envBoolean.default(true),
  /** Size of the seeded data: 1 is one district of ~1,700 organizations; larger adds districts. */
  SEED_SIZE: z.coerce.number().positive().max(200).default(1),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * `processes`: the gateway and each tier in a process of its own, as they deploy (one can be
   * stopped and started while the others serve); `single`: all in this process (least memory);
   * `auto`: processes when the machine has more than one core.
   */
  START_MODE: z.enum(['auto', 'processes', 'single']).default('auto'),
});
export type StartConfig = z.infer<typeof startConfigSchema>;

export function loadStartConfig(env: Record<string, string | undefined>): StartConfig {
  return parseConfig('npm start', startConfigSchema, env);
}

/** The mode `auto` resolves to on this machine. */
export function startMode(config: StartConfig): 'processes' | 'single' {
  if (config.START_MODE !== 'auto') return config.START_MODE;
  return availableParallelism() > 1 ? 'processes' : 'single';
}
