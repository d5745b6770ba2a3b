import { envBoolean, parseConfig, postgresUrl } from '@cso/platform';
import { z } from 'zod';

const token = z.string().min(16, 'a token has at least 16 characters');

/** `{ "<tier>": "<token>" }`: the credential with which each tier's deployment checks and publishes its own subgraph. */
const publishTokens = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected a JSON object { "<tier>": "<token>" }' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string().regex(/^[a-z][a-z0-9-]{0,39}$/), token));

/** Configuration of the schema registry service (`node schema/registry/dist/main.js`). */
export const registryConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The registry's own database (`cso_registry` on the embedded server by default). */
  DATABASE_URL: postgresUrl,
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(5),
  /** Apply pending migrations at start (default); false when the release Job runs `dist/migrate.js`. */
  MIGRATE_ON_START: envBoolean.default(true),
  /** Per-tier publish tokens (JSON object); required in production. */
  REGISTRY_PUBLISH_TOKENS: publishTokens.optional(),
  /** May do everything: publish any tier, publish every tier at once, register clients' trusted documents. */
  REGISTRY_ADMIN_TOKEN: token.optional(),
  /** What gateways present: read launches and trusted documents, report operations and the launch they serve. */
  REGISTRY_READ_TOKEN: token.optional(),
  /** Operations seen within this many days count as in use for checks. */
  OPERATIONS_WINDOW_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Before a publish that changes a routing URL, that service's /readyz must answer 200. */
  ROUTING_URL_CHECK: envBoolean.default(true),
  /** A gateway that has not polled for this long is no longer waited for in a rollout. */
  GATEWAY_STALE_SECONDS: z.coerce.number().int().min(5).max(3600).default(30),
  /** /readyz answers within this long. */
  READY_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(800),
  /** SIGTERM: stop taking requests, finish those in flight, close the pool; past this the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
});
export type RegistryConfig = z.infer<typeof registryConfigSchema>;
export type RegistryOverrides = Partial<z.input<typeof registryConfigSchema>>;

export function loadRegistryConfig(env: Record<string, string | undefined>, overrides: RegistryOverrides = {}): RegistryConfig {
  return parseConfig('registry', registryConfigSchema, env, overrides);
}

/** What production requires beyond the schema: every credential set. */
export function registryConfigProblems(config: RegistryConfig): string[] {
  if (config.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (!config.REGISTRY_PUBLISH_TOKENS || !Object.keys(config.REGISTRY_PUBLISH_TOKENS).length)
    problems.push('REGISTRY_PUBLISH_TOKENS: required in production (a token per tier)');
  if (!config.REGISTRY_ADMIN_TOKEN) problems.push('REGISTRY_ADMIN_TOKEN: required in production');
  if (!config.REGISTRY_READ_TOKEN) problems.push('REGISTRY_READ_TOKEN: required in production (the gateways present it)');
  return problems;
}
