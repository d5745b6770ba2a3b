import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MigrationObject } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { z } from 'zod';
import { PUBLIC_CALLER, type Caller, type ClaimsParser } from './auth/caller.js';
import { GATEWAY_SECRET_HEADER, secretMatches } from './auth/secret.js';
import { authConfigProblems, bearerToken, createTokenVerifier } from './auth/tokens.js';
import { ConfigError, parseConfig, subgraphConfigSchema, type SubgraphConfig } from './config.js';
import { createRequestContext, type RequestContext } from './context.js';
import { guardPlugin } from './guards.js';
import { bodyErrorHandler, listen, requestIdOf, serverSafety, serviceApp } from './http.js';
import { createLogger, type Logger } from './logger.js';
import { createOrm } from './orm.js';
import { DEFAULT_RETRY, PgBossBus, type EventBus } from './events/bus.js';
import { startConsumers, type Consumer } from './events/consumer.js';
import type { EventContract } from './events/contract.js';
import { OutboxRelay } from './events/outbox.js';

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
  /** Publishes the outbox now (tests); null without a bus. */
  relay: OutboxRelay | null;
  /** Runs every background job once now and waits for it (tests, operators). */
  runJobs: () => Promise<void>;
  port: number;
  orm: MikroORM;
  config: SubgraphConfig;
  log: Logger;
  stop: () => Promise<void>;
}

export async function bootstrapSubgraph(
  definition: SubgraphDefinition,
  env: Record<string, string | undefined>,
  overrides: SubgraphOverrides = {},
): Promise<RunningSubgraph> {
  const { onQuery, ...configOverrides } = overrides;
  const config = parseConfig(definition.name, subgraphConfigSchema, env, configOverrides);
  const problems = authConfigProblems(config);
  if (config.NODE_ENV === 'production' && !config.GATEWAY_SECRET) problems.push('GATEWAY_SECRET: required in production');
  if (config.NODE_ENV === 'production' && config.ALLOW_DIRECT_FEDERATION)
    problems.push('ALLOW_DIRECT_FEDERATION: not allowed in production');
  if (problems.length) throw new ConfigError(definition.name, problems);
  const log = createLogger(definition.name, config.LOG_LEVEL);
  const verifyToken = await createTokenVerifier(config, definition.parseClaims);

  const orm = await createOrm({
    clientUrl: config.DATABASE_URL,
    entities: definition.entities,
    migrations: definition.migrations,
    poolMax: config.DATABASE_POOL_MAX,
    log,
    onQuery,
  });
  try {
    if (config.MIGRATE_ON_START) {
      const applied = await orm.migrator.up();
      if (applied.length) log.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
    }
    if (config.SEED_ON_START && definition.seed) {
      await definition.seed(orm.em.fork(), { size: config.SEED_SIZE, log });
    }
  } catch (error) {
    await orm.close(true);
    throw error;
  }

  let bus: EventBus | null = null;
  let relay: OutboxRelay | null = null;
  const jobs = new JobRunner(definition.jobs ?? [], orm, log, config.JOB_INTERVAL_MS);
  const released = async () => {
    await jobs.stop();
    await relay?.stop();
    await bus?.stop().catch(() => undefined);
    await orm.close(true);
  };
  try {
    if (config.BUS_DATABASE_URL) {
      bus = new PgBossBus(config.BUS_DATABASE_URL, log, {
        ...DEFAULT_RETRY,
        retryLimit: config.EVENT_RETRY_LIMIT,
        retryDelaySeconds: config.EVENT_RETRY_DELAY_SECONDS,
      });
      await bus.start();
      for (const contract of [...(definition.produces ?? []), ...(definition.consumers ?? []).map((c) => c.contract)])
        await bus.route(contract);
      if (definition.produces?.length) {
        relay = new OutboxRelay(orm, bus, definition.name, definition.produces, log);
        relay.start();
      }
      await startConsumers(bus, orm, definition.name, definition.consumers ?? [], log);
    } else if (definition.produces?.length || definition.consumers?.length) {
      log.warn('no BUS_DATABASE_URL: events stay in the outbox and nothing is consumed');
    }
  } catch (error) {
    await released();
    throw error;
  }

  let app: ReturnType<typeof serviceApp>['app'];
  let httpServer: ReturnType<typeof serviceApp>['httpServer'];
  let apollo: ApolloServer<RequestContext>;
  let port: number;
  let url: string;
  try {
    const schema = await definition.buildSchema();
    ({ app, httpServer } = serviceApp(log, definition.name));
    apollo = new ApolloServer<RequestContext>({
      schema,
      ...serverSafety<RequestContext>(httpServer, [
        ApolloServerPluginInlineTraceDisabled(),
        guardPlugin<RequestContext>({
          callerOf: (c) => c.caller,
          fromGatewayOf: (c) => c.fromGateway,
          allowDirectFederation: config.ALLOW_DIRECT_FEDERATION,
        }),
      ]),
    });
    await apollo.start();

    app.get('/readyz', async (_req, res) => {
      try {
        await orm.em.getConnection().execute('select 1');
        res.json({ status: 'ready', service: definition.name });
      } catch {
        res.status(503).json({ status: 'unavailable', service: definition.name, reason: 'database unreachable' });
      }
    });
    app.use(
      '/graphql',
      express.json({ limit: '1mb' }),
      expressMiddleware(apollo, {
        context: async ({ req }) => {
          // Every subgraph verifies the token again: reached directly, it is no weaker than the gateway.
          const token = bearerToken(req.headers.authorization);
          const caller: Caller = token ? await verifyToken(token) : PUBLIC_CALLER;
          const secret = req.headers[GATEWAY_SECRET_HEADER];
          const fromGateway = secretMatches(typeof secret === 'string' ? secret : undefined, config.GATEWAY_SECRET);
          return createRequestContext(orm.em, log, requestIdOf(req), caller, fromGateway);
        },
      }),
    );
    app.use(bodyErrorHandler);

    ({ port, url } = await listen(httpServer, config.PORT, config.HOST));
  } catch (error) {
    await released();
    throw error;
  }
  jobs.start();
  log.info({ url }, `${definition.name} subgraph ready`);

  let stopped = false;
  return {
    url,
    relay,
    runJobs: () => jobs.runAll(),
    port,
    orm,
    config,
    log,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      try {
        await apollo.stop();
      } finally {
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
      round = job
        .run(this.orm, this.log)
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
