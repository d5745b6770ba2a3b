import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { MigrationObject } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { z } from 'zod';
import { PUBLIC_CALLER, type Caller, type ClaimsParser } from './auth/caller.js';
import { GATEWAY_SECRET_HEADER, secretMatcher } from './auth/secret.js';
import { authConfigProblems, bearerToken, createTokenVerifier } from './auth/tokens.js';
import { activeRevocations, revocationCleanup, RevocationList, withRevocations } from './auth/revocation.js';
import { ConfigError, parseConfig, subgraphConfigSchema, type SubgraphConfig } from './config.js';
import { createRequestContext, type RequestContext } from './context.js';
import { guardPlugin } from './guards.js';
import { bodyErrorHandler, graphqlMiddleware, listen, requestIdOf, serverSafety, serviceApp } from './http.js';
import { createLogger, type Logger } from './logger.js';
import type { IncomingMessage } from 'node:http';
import { createOrm } from './orm.js';
import { DEFAULT_RETRY } from './events/bus.js';
import type { Consumer } from './events/consumer.js';
import type { EventContract } from './events/contract.js';
import type { OutboxRelay } from './events/outbox.js';
import { EventRuntime } from './events/runtime.js';
import { idempotencyCleanup, idempotencyPlugin, IdempotencySubscriber } from './idempotency.js';
import { statementSpans, watchPool } from './observability/database.js';
import { eventObserver, watchOutbox, watchQueues } from './observability/events.js';
import { countingTokenFailures } from './observability/metrics.js';
import { instrumentRootFields } from './observability/root-fields.js';
import { Telemetry } from './observability/telemetry.js';
import { abandonAllRequests, inBackground, requestScopeMiddleware } from './request-scope.js';

export interface SeedOptions {
  size: number;
  log: Logger;
}

/** Everything that makes one subgraph: handed to {@link bootstrapSubgraph} by the subgraph's `app.ts`. */
export interface SubgraphDefinition {
  name: string;
  /** Reads a verified token's claims into a caller (the roles contract's parser). */
  parseClaims: ClaimsParser;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  migrations: MigrationObject[];
  buildSchema: () => Promise<GraphQLSchema>;
  /** Seeds the default data set when the database holds none; must be idempotent. */
  seed?: (em: EntityManager, options: SeedOptions) => Promise<void>;
  /** Event types this subgraph emits (their consumers' queues are made before anything is published). */
  produces?: EventContract<unknown>[];
  /** Event types this subgraph applies to its own database. */
  consumers?: Consumer<unknown>[];
  /** Scheduled work run every JOB_INTERVAL_MS (e.g. closing what has expired). */
  jobs?: BackgroundJob[];
}

/**
 * A piece of scheduled work. It must be safe to run in several instances at once (lock the rows
 * it takes with `for update skip locked`); a failed round is logged and retried next time.
 */
export interface BackgroundJob {
  name: string;
  run: (orm: MikroORM, log: Logger) => Promise<void>;
}

export type SubgraphOverrides = Partial<z.input<typeof subgraphConfigSchema>> & {
  /** Called with every SQL statement the subgraph sends (used by tests to count queries). */
  onQuery?: (sql: string) => void;
};

export interface RunningSubgraph {
  url: string;
  /** Where `/metrics` is served: METRICS_PORT's listener, the service's own port (development, test), or null. */
  metricsUrl: string | null;
  /** Its metrics and tracing (tests flush spans through it). */
  telemetry: Telemetry;
  /** Publishes the outbox now (tests); null without a bus or before it is connected. */
  readonly relay: OutboxRelay | null;
  /** The service's events (null without BUS_DATABASE_URL). */
  events: EventRuntime | null;
  /** Runs every background job once now and waits for it (tests, operators). */
  runJobs: () => Promise<void>;
  port: number;
  orm: MikroORM;
  config: SubgraphConfig;
  log: Logger;
  shutdownDeadlineMs: number;
  stop: () => Promise<void>;
}

function checkConfig(name: string, config: SubgraphConfig): void {
  const problems = authConfigProblems(config);
  if (config.NODE_ENV === 'production' && !config.GATEWAY_SECRET) problems.push('GATEWAY_SECRET: required in production');
  if (config.NODE_ENV === 'production' && config.ALLOW_DIRECT_FEDERATION)
    problems.push('ALLOW_DIRECT_FEDERATION: not allowed in production');
  if (config.DATABASE_STATEMENT_TIMEOUT_MS > config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS * 10) {
    problems.push('DATABASE_STATEMENT_TIMEOUT_MS: unreasonably larger than DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS');
  }
  if (problems.length) throw new ConfigError(name, problems);
}

/**
 * Migrations and demo data run on a maintenance connection of their own, without the statement
 * timeout that bounds requests (an index on a large table, a bulk load), closed before serving.
 */
async function prepareDatabase(definition: SubgraphDefinition, config: SubgraphConfig, log: Logger): Promise<void> {
  if (!config.MIGRATE_ON_START && !(config.SEED_ON_START && definition.seed)) return;
  const orm = await createOrm({
    clientUrl: config.DATABASE_URL,
    entities: definition.entities,
    migrations: definition.migrations,
    poolMax: 2,
    log,
    applicationName: `${definition.name}-maintenance`,
  });
  try {
    if (config.MIGRATE_ON_START) {
      const applied = await orm.migrator.up();
      if (applied.length) log.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
    }
    if (config.SEED_ON_START && definition.seed) await definition.seed(orm.em.fork(), { size: config.SEED_SIZE, log });
  } finally {
    await orm.close(true);
  }
}

/** Readiness: the database answers and every migration this build knows has run (checked until true once). */
function readiness(orm: MikroORM, definition: SubgraphDefinition, timeoutMs: number) {
  let migrated = false;
  return async (): Promise<{ ready: boolean; reason?: string }> => {
    const check = (async () => {
      const rows = await orm.em
        .getConnection()
        .execute<{ n: string }[]>(
          migrated ? 'select 0 as n' : `select count(*) as n from mikro_orm_migrations where name = any(?)`,
          migrated ? [] : [`{${definition.migrations.map((m) => m.name).join(',')}}`],
          'all',
        );
      if (!migrated) migrated = Number(rows[0]?.n ?? 0) >= definition.migrations.length;
      return migrated ? { ready: true } : { ready: false, reason: 'migrations pending' };
    })();
    const timeout = new Promise<{ ready: boolean; reason: string }>((resolve) =>
      setTimeout(() => resolve({ ready: false, reason: 'database did not answer in time' }), timeoutMs).unref(),
    );
    return Promise.race([check.catch(() => ({ ready: false, reason: 'database unreachable' })), timeout]);
  };
}

export async function bootstrapSubgraph(
  definition: SubgraphDefinition,
  env: Record<string, string | undefined>,
  overrides: SubgraphOverrides = {},
): Promise<RunningSubgraph> {
  const { onQuery, ...configOverrides } = overrides;
  const config = parseConfig(definition.name, subgraphConfigSchema, env, configOverrides);
  checkConfig(definition.name, config);
  const log = createLogger(definition.name, config.LOG_LEVEL);
  const telemetry = new Telemetry(definition.name, config, log);
  const tracer = telemetry.tracing?.tracer ?? null;
  const verifySignature = await createTokenVerifier(config, definition.parseClaims);

  await prepareDatabase(definition, config, log);
  const orm = await createOrm({
    clientUrl: config.DATABASE_URL,
    entities: definition.entities,
    migrations: definition.migrations,
    poolMax: config.DATABASE_POOL_MAX,
    log,
    onQuery,
    onStatement: tracer ? statementSpans(tracer) : undefined,
    applicationName: definition.name,
    subscribers: [new IdempotencySubscriber()],
    timeouts: {
      acquireMs: config.DATABASE_ACQUIRE_TIMEOUT_MS,
      statementMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
      idleInTransactionMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
  });

  // Revoked tokens are refused here too: the deny-list is this service's own table, kept by events.
  const revocations = new RevocationList(() => activeRevocations(orm.em.fork()), log, config.REVOCATION_REFRESH_MS);
  revocations.start();
  const verifyToken = withRevocations(verifySignature, revocations);
  // Every refused token is counted (a malformed header included).
  const callerOf = countingTokenFailures(telemetry.metrics, async (authorization: string | undefined): Promise<Caller> => {
    const token = bearerToken(authorization);
    return token ? verifyToken(token) : PUBLIC_CALLER;
  });

  const events = config.BUS_DATABASE_URL
    ? new EventRuntime(
        orm,
        {
          service: definition.name,
          busUrl: config.BUS_DATABASE_URL,
          produces: definition.produces ?? [],
          consumers: definition.consumers ?? [],
          bus: {
            retryLimit: config.EVENT_RETRY_LIMIT,
            retryDelaySeconds: config.EVENT_RETRY_DELAY_SECONDS,
            retryDelayMaxSeconds: DEFAULT_RETRY.retryDelayMaxSeconds,
            heartbeatSeconds: config.EVENT_HEARTBEAT_SECONDS,
            superviseSeconds: config.EVENT_SUPERVISE_SECONDS,
            batchSize: config.EVENT_BATCH_SIZE,
          },
          relay: { maxAttempts: config.OUTBOX_MAX_ATTEMPTS },
          databaseWaitMs: config.EVENT_DATABASE_WAIT_MS,
          observer: eventObserver(telemetry.metrics, tracer),
        },
        log,
      )
    : null;
  if (!events && (definition.produces?.length || definition.consumers?.length)) {
    log.warn('no BUS_DATABASE_URL: events stay in the outbox and nothing is consumed');
  }
  const jobs = new JobRunner(
    [...(definition.jobs ?? []), idempotencyCleanup(config.IDEMPOTENCY_TTL_HOURS), revocationCleanup],
    orm,
    log,
    config.JOB_INTERVAL_MS,
  );
  const released = async () => {
    revocations.stop();
    await jobs.stop();
    await events?.stop();
    await orm.close(true);
    await telemetry.stop();
  };

  let httpServer: ReturnType<typeof serviceApp>['httpServer'];
  let apollo: ApolloServer<RequestContext>;
  let port: number;
  let url: string;
  let metricsUrl: string | null;
  try {
    const schema = await definition.buildSchema();
    instrumentRootFields(schema, telemetry.metrics, tracer);
    // Asked twice per GraphQL request (its request id, then its context): decided once, kept with the request.
    const gatewaySecret = secretMatcher(config.GATEWAY_SECRET);
    const provenByGateway = new WeakMap<IncomingMessage, boolean>();
    const fromGateway = (req: IncomingMessage) => {
      let proven = provenByGateway.get(req);
      if (proven === undefined) {
        const secret = req.headers[GATEWAY_SECRET_HEADER];
        provenByGateway.set(req, (proven = gatewaySecret(typeof secret === 'string' ? secret : undefined)));
      }
      return proven;
    };
    let app: ReturnType<typeof serviceApp>['app'];
    // A subgraph keeps the gateway's request id (proven by its secret) and makes its own otherwise.
    ({ app, httpServer } = serviceApp(log, definition.name, { trustRequestId: fromGateway }));
    apollo = new ApolloServer<RequestContext>({
      schema,
      ...serverSafety<RequestContext>(httpServer, [
        ApolloServerPluginInlineTraceDisabled(),
        guardPlugin<RequestContext>({
          callerOf: (c) => c.caller,
          fromGatewayOf: (c) => c.fromGateway,
          allowDirectFederation: config.ALLOW_DIRECT_FEDERATION,
          registryToken: config.REGISTRY_TOKEN,
        }),
        idempotencyPlugin<RequestContext>(orm),
        ...telemetry.plugins<RequestContext>(),
      ]),
    });
    await apollo.start();

    const isReady = readiness(orm, definition, config.READY_TIMEOUT_MS);
    app.get('/readyz', async (_req, res) => {
      const { ready, reason } = await isReady();
      if (ready)
        res.json({
          status: 'ready',
          service: definition.name,
          events: events ? (events.connected ? 'connected' : 'waiting for the bus') : 'off',
        });
      else res.status(503).json({ status: 'unavailable', service: definition.name, reason });
    });
    // The gateway keeps its own copy of the deny-list from here (with its secret).
    app.get('/revocations', async (req, res) => {
      if (!fromGateway(req)) {
        res.status(403).json({ errors: [{ message: 'For the gateway only', extensions: { code: 'FORBIDDEN' } }] });
        return;
      }
      res.json({ revocations: await activeRevocations(orm.em.fork()) });
    });
    if (telemetry.metrics) {
      watchPool(telemetry.metrics, orm, config.DATABASE_POOL_MAX);
      watchOutbox(telemetry.metrics, orm);
      if (events && definition.consumers?.length) watchQueues(telemetry.metrics, () => events.queueCounts());
    }
    telemetry.mountMetrics(app);
    app.use(
      '/graphql',
      ...telemetry.requestHandlers(),
      requestScopeMiddleware(),
      express.json({ limit: '1mb' }),
      graphqlMiddleware(apollo, async ({ req }) => {
        // Every subgraph verifies the token again: reached directly, it is no weaker than the gateway.
        const caller = await callerOf(req.headers.authorization);
        return createRequestContext(orm.em, log, requestIdOf(req), caller, fromGateway(req));
      }),
    );
    app.use(bodyErrorHandler);

    ({ port, url } = await listen(httpServer, config.PORT, config.HOST));
    metricsUrl =
      (await telemetry.listen(config.HOST)) ??
      (telemetry.exposure === 'service-port' ? url.replace(/\/graphql$/, '/metrics') : null);
  } catch (error) {
    await released();
    throw error;
  }
  events?.start();
  jobs.start();
  log.info({ url }, `${definition.name} subgraph ready`);

  let stopped = false;
  return {
    url,
    metricsUrl,
    telemetry,
    get relay() {
      return events?.relay ?? null;
    },
    events,
    runJobs: () => jobs.runAll(),
    port,
    orm,
    config,
    log,
    shutdownDeadlineMs: config.SHUTDOWN_TIMEOUT_MS,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // Requests still running at half the shutdown deadline (a statement waiting on a lock) are given up:
      // their SQL is cancelled, so that pools close and the process exits within its deadline.
      const giveUp = setTimeout(() => {
        const n = abandonAllRequests();
        if (n) log.warn({ requests: n }, 'shutdown: requests still running were given up');
      }, config.SHUTDOWN_TIMEOUT_MS / 2);
      try {
        // Stops taking requests and lets those in flight finish (the drain plugin), then closes pools.
        await apollo.stop();
      } finally {
        clearTimeout(giveUp);
        await released();
      }
    },
  };
}

/** Runs each job on an interval, never two rounds of the same job at once in this process. */
class JobRunner {
  private timer?: NodeJS.Timeout;
  private readonly running = new Map<string, Promise<void>>();
  constructor(
    private readonly jobs: BackgroundJob[],
    private readonly orm: MikroORM,
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.jobs.length) this.timer = setInterval(() => void this.runAll(), this.intervalMs);
  }

  runAll(): Promise<void> {
    return Promise.all(this.jobs.map((job) => this.runOne(job))).then(() => undefined);
  }

  private runOne(job: BackgroundJob): Promise<void> {
    let round = this.running.get(job.name);
    if (!round) {
      round = inBackground(() => job.run(this.orm, this.log))
        .catch((error: unknown) => this.log.error({ err: error, job: job.name }, 'background job failed; will retry'))
        .finally(() => this.running.delete(job.name));
      this.running.set(job.name, round);
    }
    return round;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.running.values());
  }
}
