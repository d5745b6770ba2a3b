import { ConfigError, createLogger, listen, serviceApp, type Logger } from '@cso/platform';
import express, { type NextFunction, type Request, type Response } from 'express';
import pg from 'pg';
import type { z } from 'zod';
import { loadRegistryConfig, registryConfigProblems, type RegistryConfig, type RegistryOverrides } from '../config.js';
import { migrate, migrated } from '../store/migrations.js';
import { RegistryStore } from '../store/store.js';
import { RegistryRefusal, RegistryService, serviceOptions } from '../service.js';
import { actorOf, allows, principalOf, type Permission, type Principal } from './auth.js';
import { manifestBody, operationsBody, proposalBody, publishAllBody, subgraphName } from './bodies.js';

export interface RunningRegistry {
  /** The base URL, e.g. http://127.0.0.1:4010 (the API is under it: /launches/latest …). */
  url: string;
  port: number;
  config: RegistryConfig;
  service: RegistryService;
  store: RegistryStore;
  log: Logger;
  shutdownDeadlineMs: number;
  stop: () => Promise<void>;
}

type Handler = (req: Request, res: Response, who: { principal: Principal; actor: string }) => Promise<void>;

/** A route with its permission: 401 without a known token, 403 for a token that may not. Errors become JSON. */
function route(config: RegistryConfig, log: Logger, permission: Permission | ((req: Request) => Permission), handler: Handler) {
  return (req: Request, res: Response, next: NextFunction) => {
    const principal = principalOf(req, config);
    if (!principal) {
      res
        .status(401)
        .set('www-authenticate', 'Bearer')
        .json({ error: 'UNAUTHENTICATED', message: 'Present a registry token (Authorization: Bearer …)' });
      return;
    }
    const needed = typeof permission === 'function' ? permission(req) : permission;
    if (!allows(principal, needed)) {
      res.status(403).json({ error: 'FORBIDDEN', message: 'This token may not do that' });
      return;
    }
    handler(req, res, { principal, actor: actorOf(req, principal) }).catch((error: unknown) => {
      if (error instanceof RegistryRefusal) {
        res.status(error.status).json({ error: 'REFUSED', message: error.message, details: error.details });
        return;
      }
      log.error({ err: error, path: req.path }, 'registry request failed');
      next(error);
    });
  };
}

function parsed<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new RegistryRefusal(
      'Malformed request',
      422,
      result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`),
    );
  return result.data;
}

const limitOf = (req: Request, fallback: number) => Math.min(Math.max(Number(req.query.limit ?? fallback) || fallback, 1), 500);

/**
 * The schema registry as an HTTP service (REST, JSON): subgraphs and their versions, check and
 * publish, launches and their rollout to the gateways, operations in use, trusted documents.
 * Backed by its own PostgreSQL database; `/healthz` and `/readyz` like every service.
 */
export async function startRegistry(
  overrides: RegistryOverrides = {},
  env: Record<string, string | undefined> = process.env,
): Promise<RunningRegistry> {
  const config = loadRegistryConfig(env, overrides);
  const problems = registryConfigProblems(config);
  if (problems.length) throw new ConfigError('registry', problems);
  const log = createLogger('registry', config.LOG_LEVEL);
  const pool = new pg.Pool({
    connectionString: config.DATABASE_URL,
    max: config.DATABASE_POOL_MAX,
    application_name: 'registry',
    connectionTimeoutMillis: 5000,
    statement_timeout: 30_000,
  });
  pool.on('error', (error) => log.warn({ err: error }, 'idle registry database connection failed'));
  try {
    if (config.MIGRATE_ON_START) {
      const applied = await migrate(pool);
      if (applied.length) log.info({ migrations: applied }, 'registry migrations applied');
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  const store = new RegistryStore(pool);
  const service = new RegistryService(store, serviceOptions(config), log);
  const { app, httpServer } = serviceApp(log, 'registry', { trustRequestId: () => false });
  const json = express.json({ limit: '10mb' });
  const r = (permission: Parameters<typeof route>[2], handler: Handler) => route(config, log, permission, handler);

  let migrationsDone = false;
  app.get('/readyz', async (_req, res) => {
    const check = (async () => {
      if (!migrationsDone) migrationsDone = await migrated(pool);
      else await pool.query('select 1');
      return migrationsDone ? null : 'migrations pending';
    })().catch(() => 'database unreachable');
    const timeout = new Promise<string>((resolve) =>
      setTimeout(() => resolve('database did not answer in time'), config.READY_TIMEOUT_MS).unref(),
    );
    const reason = await Promise.race([check, timeout]);
    if (reason) res.status(503).json({ status: 'unavailable', service: 'registry', reason });
    else res.json({ status: 'ready', service: 'registry', latestLaunch: await store.latestLaunchId().catch(() => null) });
  });

  app.get(
    '/subgraphs',
    r('read', async (_req, res) => {
      res.json({ subgraphs: (await store.current()).map(({ sdl: _sdl, ...s }) => s) });
    }),
  );
  app.get(
    '/subgraphs/:name',
    r('read', async (req, res) => {
      const current = (await store.current()).find((s) => s.name === req.params.name);
      if (!current) res.status(404).json({ error: 'NOT_FOUND', message: `no subgraph ${String(req.params.name)}` });
      else res.json({ ...current, versions: await store.versions(current.name, limitOf(req, 20)) });
    }),
  );
  const proposalOf = (req: Request) => ({ name: parsed(subgraphName, req.params.name), ...parsed(proposalBody, req.body) });
  app.post(
    '/subgraphs/:name/check',
    json,
    r(
      (req) => ({ publish: String(req.params.name) }),
      async (req, res, { actor }) => {
        const report = await service.check(proposalOf(req), actor);
        res.json({ report });
      },
    ),
  );
  app.post(
    '/subgraphs/:name/publish',
    json,
    r(
      (req) => ({ publish: String(req.params.name) }),
      async (req, res, { actor }) => {
        const proposal = proposalOf(req);
        const outcome = await service.publish(proposal, actor, { dryRun: proposal.dryRun });
        res.status(outcome.report.ok ? (outcome.published ? 201 : 200) : 409).json(outcome);
      },
    ),
  );
  app.post(
    '/publish-all',
    json,
    r('admin', async (req, res, { actor }) => {
      const body = parsed(publishAllBody, req.body);
      const outcome = await service.publishAll(body.subgraphs, actor);
      const { supergraphSdl: _s, apiSchema: _a, ...launch } = outcome.launch;
      res.status(outcome.published ? 201 : 200).json({
        launch,
        published: outcome.published,
        hints: outcome.composition.hints.length,
        brokenOperations: outcome.brokenOperations,
      });
    }),
  );

  // Gateways poll this (with If-None-Match) and say which launch they serve.
  app.get(
    '/launches/latest',
    r('read', async (req, res) => {
      const gateway = req.headers['x-gateway-id'];
      if (typeof gateway === 'string' && /^[\w.:-]{1,120}$/.test(gateway)) {
        const served = Number(req.headers['x-gateway-launch']);
        store
          .reportGateway(gateway, Number.isSafeInteger(served) && served > 0 ? served : null)
          .catch((error: unknown) => log.warn({ err: error }, 'gateway report not stored'));
      }
      const latestId = await store.latestLaunchId();
      if (latestId === null) {
        res.status(404).json({ error: 'NO_LAUNCH', message: 'Nothing has been published yet' });
        return;
      }
      const etag = `"launch-${latestId}"`;
      res.set('etag', etag).set('cache-control', 'no-cache');
      if (req.headers['if-none-match'] === etag) {
        res.status(304).end();
        return;
      }
      res.json(await store.launch(latestId));
    }),
  );
  app.get(
    '/launches',
    r('read', async (req, res) => {
      res.json({ launches: await store.launches(limitOf(req, 20)) });
    }),
  );
  app.get(
    '/launches/:id',
    r('read', async (req, res) => {
      const launch = await store.launch(Number(req.params.id) || 0);
      if (!launch) res.status(404).json({ error: 'NOT_FOUND', message: `no launch ${String(req.params.id)}` });
      else res.json(launch);
    }),
  );
  app.get(
    '/launches/:id/rollout',
    r('read', async (req, res) => {
      res.json(await service.rollout(Number(req.params.id) || 0));
    }),
  );
  app.get(
    '/gateways',
    r('read', async (_req, res) => {
      res.json({ gateways: await store.gateways(config.GATEWAY_STALE_SECONDS) });
    }),
  );

  app.post(
    '/operations',
    json,
    r('report', async (req, res) => {
      const { operations } = parsed(operationsBody, req.body);
      await store.recordOperations(operations);
      res.status(202).json({ recorded: operations.length });
    }),
  );
  app.get(
    '/operations',
    r('read', async (req, res) => {
      res.json({ operations: await store.operations(limitOf(req, 100)) });
    }),
  );

  app.post(
    '/documents',
    json,
    r('admin', async (req, res, { actor }) => {
      res.status(201).json(await service.publishDocuments(parsed(manifestBody, req.body), actor));
    }),
  );
  app.get(
    '/documents',
    r('read', async (req, res) => {
      const { tag, manifests } = await store.manifests();
      const etag = `"documents-${Buffer.from(tag).toString('base64url').slice(-40)}-${tag.length}"`;
      res.set('etag', etag).set('cache-control', 'no-cache');
      if (req.headers['if-none-match'] === etag) res.status(304).end();
      else res.json({ manifests });
    }),
  );
  app.delete(
    '/documents/:client/:version',
    r('admin', async (req, res) => {
      const removed = await store.retireManifest(String(req.params.client), String(req.params.version));
      res.status(removed ? 200 : 404).json({ removed });
    }),
  );
  app.use((error: { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (error.type === 'entity.too.large')
      res.status(413).json({ error: 'PAYLOAD_TOO_LARGE', message: 'Request body too large' });
    else if (error.status && error.status < 500)
      res.status(400).json({ error: 'BAD_REQUEST', message: 'Malformed request body' });
    else res.status(500).json({ error: 'INTERNAL', message: 'Internal error (logged)' });
  });

  let port: number;
  try {
    ({ port } = await listen(httpServer, config.PORT, config.HOST));
  } catch (error) {
    await pool.end();
    throw error;
  }
  const url = `http://127.0.0.1:${port}`;
  log.info({ url }, 'registry ready');
  let stopped = false;
  return {
    url,
    port,
    config,
    service,
    store,
    log,
    shutdownDeadlineMs: config.SHUTDOWN_TIMEOUT_MS,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // Stop accepting, let requests in flight finish (cut short at half the deadline), then close the pool.
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      const cut = setTimeout(() => httpServer.closeAllConnections(), config.SHUTDOWN_TIMEOUT_MS / 2);
      await closed;
      clearTimeout(cut);
      await pool.end();
      log.info('registry stopped');
    },
  };
}
