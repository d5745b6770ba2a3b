import { z } from 'zod';
import { authConfigSchema } from './auth/tokens.js';

/** Booleans from the environment: `true/false/1/0/yes/no`. */
export const envBoolean = z.union([z.boolean(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'boolean') return v;
  const s = v.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(s)) return true;
  if (['false', '0', 'no', 'off', ''].includes(s)) return false;
  ctx.addIssue({ code: 'custom', message: `expected a boolean, got ${JSON.stringify(v)}` });
  return z.NEVER;
});

export const postgresUrl = z.string().refine((s) => /^postgres(ql)?:\/\//.test(s), 'must be a postgres:// or postgresql:// URL');

/**
 * Metrics and tracing settings, shared by the gateway and every subgraph (each extends its own
 * configuration with them). The `OTEL_*` names are OpenTelemetry's own, so that an operator's
 * habits carry over; nothing else in the services reads them.
 */
export const observabilityConfigSchema = z.object({
  /** Prometheus metrics (`/metrics`); false removes every metric and its cost. */
  METRICS_ENABLED: envBoolean.default(true),
  /**
   * A listener of its own for `/metrics` (e.g. 9464), apart from the public GraphQL port. Without it
   * `/metrics` is on the service's own port in development and test only, and not served in production.
   */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** OTLP/HTTP collector (e.g. http://tempo:4318): traces go to `<endpoint>/v1/traces`. Unset: no tracing at all. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  /** The service name in traces (default: the service's own name). */
  OTEL_SERVICE_NAME: z.string().min(1).max(100).optional(),
  /** Share of traces started here that are kept (0–1); a trace started upstream keeps its caller's decision. */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
  /** How long finished spans wait before they are sent in a batch. */
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(10).max(60_000).default(2000),
});

export const subgraphConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535),
    DATABASE_URL: postgresUrl,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Run pending migrations at start (the default); set false when a release job runs them. */
    MIGRATE_ON_START: envBoolean.default(true),
    /** Seed the default data when the database has none. */
    SEED_ON_START: envBoolean.default(false),
    /** Scale of the seeded demo data set (the service's seeder reads it; 1 is the default size). */
    SEED_SIZE: z.coerce.number().positive().default(1),
    /** Pool size per subgraph. */
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    /** The secret the gateway sends in x-gateway-secret; required in production. */
    GATEWAY_SECRET: z.string().min(16).optional(),
    /** The event bus (pg-boss) database. Without it events stay in the outbox until a bus is configured. */
    BUS_DATABASE_URL: postgresUrl.optional(),
    /** Tries of a failing event handler before its event goes to the tier's dead-letter queue. */
    EVENT_RETRY_LIMIT: z.coerce.number().int().min(0).max(100).default(8),
    /** First retry delay; it doubles with each try, up to 5 minutes. */
    EVENT_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(1),
    /** Heartbeat of a consumer's job: one whose process died is retried after about this long (plus the supervision interval). */
    EVENT_HEARTBEAT_SECONDS: z.coerce.number().int().min(10).max(600).default(10),
    /**
     * How often the bus looks for jobs whose heartbeat stopped (and does its maintenance): every tier's bus
     * client runs these passes, about half of what the bus does while idle.
     */
    EVENT_SUPERVISE_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
    /** Events a consumer takes at once. */
    EVENT_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(50),
    /** Failed deliveries of one outbox row before the relay parks it. */
    OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(10),
    /** How long a consumer waits for this service's own database to come back before a try counts as failed. */
    EVENT_DATABASE_WAIT_MS: z.coerce.number().int().min(0).max(3_600_000).default(300_000),
    /**
     * How often each background job of a subgraph runs (closing what has come due, clean-ups): what they
     * close is due by the day, so half a minute late is never seen, and each round costs queries while idle.
     */
    JOB_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(30_000),
    /**
     * How often the service reloads its deny-list of revoked tokens from its own table: a revoked token is
     * refused here within about this long after its event arrived. Each reload is a query (idle CPU).
     */
    REVOCATION_REFRESH_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
    /** Waiting for a pooled database connection; past it a request fails as SERVICE_UNAVAILABLE. */
    DATABASE_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
    /** Any one SQL statement of a request (PostgreSQL statement_timeout); keep it below the gateway's SUBGRAPH_TIMEOUT_MS. */
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(8000),
    /** A transaction left open without a statement (PostgreSQL idle_in_transaction_session_timeout). */
    DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
    /** /readyz answers within this long: 503 when the database has not answered. */
    READY_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(800),
    /** SIGTERM: stop taking requests, finish those in flight, close pools; past this the process exits anyway. */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
    /** A credential the schema registry presents (x-registry-token) to read `_service { sdl }`; a signed-in caller may too. */
    REGISTRY_TOKEN: z.string().min(16).optional(),
    /** How long an idempotency key's first answer is kept (a retry within it gets that answer). */
    IDEMPOTENCY_TTL_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(24),
    /** Development only: answer `_entities`/`_service` without the gateway secret. */
    ALLOW_DIRECT_FEDERATION: envBoolean.default(false),
  })
  .extend(authConfigSchema.shape)
  .extend(observabilityConfigSchema.shape);
export type SubgraphConfig = z.infer<typeof subgraphConfigSchema>;

export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly issues: string[],
  ) {
    super(`Invalid configuration for ${service}:\n  - ${issues.join('\n  - ')}`);
  }
}

/**
 * Parses configuration once: the environment, overridden by explicit values (tests and the
 * launcher pass overrides). Every problem is reported at once.
 */
export function parseConfig<S extends z.ZodType>(
  service: string,
  schema: S,
  env: Record<string, string | undefined>,
  overrides: Partial<z.input<S>> = {},
): z.output<S> {
  const merged: Record<string, unknown> = { ...env };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) merged[k] = v;
  const result = schema.safeParse(merged);
  if (!result.success) {
    throw new ConfigError(
      service,
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  return result.data;
}
