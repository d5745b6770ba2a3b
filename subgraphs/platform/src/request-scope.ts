import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';

/** What the pool hands out: a node-postgres client (only what cancellation needs). */
interface PgClient {
  processID: number | null;
  activeQuery?: unknown;
  release: (error?: Error | boolean) => void;
  cancel?: (client: PgClient, query: unknown) => void;
  connectionParameters?: Record<string, unknown>;
  constructor: new (config: unknown) => { cancel: (client: PgClient, query: unknown) => void };
}

interface PgPool {
  connect: (...args: unknown[]) => unknown;
}

/**
 * One request's claim on the database: the connections it holds right now and a signal that aborts
 * when its caller gives up (the gateway's deadline passed or the client went away).
 */
export interface RequestScope {
  readonly signal: AbortSignal;
  readonly clients: Set<PgClient>;
  /** The idempotency key this request reserved (its mutation's transaction marks it committed). */
  idempotency?: { caller: string; key: string };
  /** Work of the service itself (jobs, the relay, consumers), not of a request. */
  background?: boolean;
  /** The request's id (its slow statements are logged with it). */
  requestId?: string;
}

const scopes = new AsyncLocalStorage<RequestScope>();

/** The scope of the request being served, if any (background work has none). */
export function currentScope(): RequestScope | undefined {
  return scopes.getStore();
}

const NEVER = new AbortController().signal;

/**
 * Runs the service's own work (a scheduled job, the relay, a consumer) outside any request: its
 * statements are not counted as a request's, and nobody cancels them.
 */
export function inBackground<T>(work: () => Promise<T>): Promise<T> {
  return scopes.run({ signal: NEVER, clients: new Set(), background: true }, work);
}

/** An error for work its caller no longer waits for. */
export class AbandonedRequestError extends Error {
  constructor() {
    super('The caller gave up on this request');
  }
}

/**
 * Makes the pool remember which request holds each connection, so that the statement a request is
 * running can be cancelled when its caller gives up; a request already given up gets no connection.
 */
export function trackConnections(pool: PgPool): void {
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => Promise<PgClient> | undefined;
  pool.connect = (...args: unknown[]) => {
    // The callback form (pool.query) is left as it was.
    if (typeof args[0] === 'function') return connect(...args);
    const found = scopes.getStore();
    const scope = found?.background ? undefined : found;
    if (scope?.signal.aborted) return Promise.reject(new AbandonedRequestError());
    return (connect() as Promise<PgClient>).then((client) => {
      if (!scope) return client;
      scope.clients.add(client);
      const release = client.release;
      client.release = (error?: Error | boolean) => {
        scope.clients.delete(client);
        client.release = release;
        return release.call(client, error);
      };
      return client;
    });
  };
}

/**
 * Cancels the statements a request's connections are running (PostgreSQL's cancel request, sent
 * with the connection's own key: nothing else is touched).
 */
function cancelStatements(scope: RequestScope): void {
  for (const client of scope.clients) {
    if (!client.activeQuery || client.processID === null) continue;
    const canceller = new client.constructor(client.connectionParameters);
    canceller.cancel(client, client.activeQuery);
  }
}

const active = new Set<RequestScope & { abort: () => void }>();

/** Gives up on every request still running (a shutdown past its grace period): their statements are cancelled. */
export function abandonAllRequests(): number {
  const n = active.size;
  for (const scope of [...active]) scope.abort();
  return n;
}

/**
 * Express middleware: serves each request inside its scope; when the response closes before it
 * was finished (the caller gave up), the scope's signal aborts and its running SQL is cancelled.
 */
export function requestScopeMiddleware(): RequestHandler {
  return (req, res, next) => {
    const controller = new AbortController();
    const scope: RequestScope & { abort: () => void } = {
      signal: controller.signal,
      clients: new Set(),
      // The id the service's HTTP layer gave the request (see http.ts), read here without importing the HTTP module.
      requestId: String((req as { id?: unknown }).id ?? ''),
      abort: () => {
        if (controller.signal.aborted) return;
        controller.abort(new AbandonedRequestError());
        cancelStatements(scope);
      },
    };
    active.add(scope);
    res.once('close', () => {
      active.delete(scope);
      if (!res.writableFinished) scope.abort();
    });
    scopes.run(scope, next);
  };
}
