import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  HeaderMap,
  type ApolloServer,
  type ApolloServerOptionsWithSchema,
  type ApolloServerPlugin,
  type BaseContext,
} from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import express, {
  type ErrorRequestHandler,
  type Express,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import type { Logger } from 'pino';
import { isExposedError } from './errors.js';
import { operationLimits } from './guards.js';
import { maskError } from './mask.js';
import { databaseTrouble } from './unavailable.js';

/** The query string of a request target, with its `?` (empty when there is none), as Apollo Server takes it. */
export function searchOf(url: string): string {
  const hash = url.indexOf('#');
  const target = hash === -1 ? url : url.slice(0, hash);
  const start = target.indexOf('?');
  return start === -1 ? '' : target.slice(start);
}

/**
 * Apollo Server behind express, after `express.json()`: what `@as-integrations/express5` does,
 * without its two costs per request on the hot path, the legacy `url.parse` of the request target
 * (2-4 % of the gateway's CPU one request at a time) and express's `res.send` (freshness and type
 * checks on a body whose type Apollo Server has set). Incremental answers are streamed as they come.
 */
export function graphqlMiddleware<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  context: (args: { req: Request; res: Response }) => Promise<TContext>,
): RequestHandler {
  server.assertStarted('graphqlMiddleware()');
  return (req: Request, res: Response, next: NextFunction) => {
    if (!('body' in req)) {
      next(new Error('graphqlMiddleware: req.body is not set (express.json() must come first)'));
      return;
    }
    const headers = new HeaderMap();
    for (const key in req.headers) {
      const value = req.headers[key];
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    server
      .executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method.toUpperCase(), headers, search: searchOf(req.url), body: req.body },
        context: () => context({ req, res }),
      })
      .then(async (answer) => {
        for (const [key, value] of answer.headers) res.setHeader(key, value);
        res.statusCode = answer.status ?? 200;
        if (answer.body.kind === 'complete') {
          // Encoded once and sent as bytes: `Buffer.byteLength(text)` then `res.end(text)` walked the text three
          // times (Node measures a string it is given again before encoding it), 0.2-0.9 ms of the gateway's
          // 12-15 ms per request on the size-60 hierarchy's half-megabyte answers.
          const body = Buffer.from(answer.body.string);
          res.setHeader('content-length', body.length);
          res.end(req.method === 'HEAD' ? undefined : body);
          return;
        }
        for await (const chunk of answer.body.asyncIterator) res.write(chunk);
        res.end();
      })
      .catch(next);
  };
}

/** Body-parser failures (too large, not JSON) answered as GraphQL-shaped JSON, never an HTML page. */
export const bodyErrorHandler: ErrorRequestHandler = (error: { status?: number; type?: string }, _req, res, next) => {
  if (res.headersSent) return next(error);
  if (error.type === 'entity.too.large') {
    res.status(413).json({ errors: [{ message: 'Request body too large', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
  } else if (error.status && error.status >= 400 && error.status < 500) {
    res.status(400).json({ errors: [{ message: 'Malformed request body', extensions: { code: 'BAD_REQUEST' } }] });
  } else {
    res.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  }
};

export interface ServiceAppOptions {
  /**
   * Whether to keep the `x-request-id` a request carries (a subgraph keeps the gateway's, proven by its
   * secret). Otherwise this service makes the id; a client's own value is kept apart, as a
   * length-limited correlation id (`x-correlation-id` in the logs and the response).
   */
  trustRequestId?: (req: IncomingMessage) => boolean;
  /** Requests slower than this are logged at info; others at debug (errors always). */
  slowRequestMs?: number;
}

const REQUEST_ID = /^[\w.:-]{1,100}$/;
const CORRELATION_ID = /^[\w.:-]{1,64}$/;
/** Probes and scrapes are not logged. */
const UNLOGGED = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * The HTTP side every service shares: an express app whose every response carries an
 * `x-request-id` (made here, or the gateway's when trusted, so one id follows a request through the
 * gateway and the subgraphs), structured request logs (errors and slow requests at info, the rest at
 * debug), no ETag on responses (GraphQL answers are not cached by validators), and `GET /healthz`.
 */
export function serviceApp(log: Logger, service: string, options: ServiceAppOptions = {}): { app: Express; httpServer: Server } {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const slowMs = options.slowRequestMs ?? 1000;
  // The request id and the request's log line. Nothing is built for the line unless its level is written:
  // most requests are neither slow nor failed, and their line is at debug.
  app.use((req, res, next) => {
    const started = performance.now();
    const given = req.headers['x-request-id'];
    const trusted = typeof given === 'string' && REQUEST_ID.test(given) && (options.trustRequestId?.(req) ?? false);
    const id = trusted ? given : randomUUID();
    (req as IncomingMessage & { id?: string }).id = id;
    res.setHeader('x-request-id', id);
    const correlation = req.headers['x-correlation-id'] ?? (trusted ? undefined : given);
    if (typeof correlation === 'string' && CORRELATION_ID.test(correlation)) res.setHeader('x-correlation-id', correlation);
    if (!UNLOGGED.has(req.path)) {
      const done = (error?: Error) => {
        res.removeListener('finish', done);
        res.removeListener('close', done);
        res.removeListener('error', done);
        const aborted = !error && !res.writableFinished;
        const elapsed = performance.now() - started;
        const failed = Boolean(error) || res.statusCode >= 500;
        const level = failed ? 'error' : elapsed >= slowMs ? 'info' : 'debug';
        if (!log.isLevelEnabled(level)) return;
        const correlationId = res.getHeader('x-correlation-id');
        log[level](
          {
            req: { id, method: req.method, url: req.originalUrl, remoteAddress: req.socket.remoteAddress },
            res: { statusCode: res.statusCode },
            responseTime: Math.round(elapsed),
            ...(correlationId ? { correlationId: String(correlationId) } : {}),
            ...(error ? { err: error } : {}),
          },
          failed ? 'request errored' : aborted ? 'request aborted' : 'request completed',
        );
      };
      res.on('finish', done);
      res.on('close', done);
      res.on('error', done);
    }
    next();
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service });
  });
  return { app, httpServer: createServer(app) };
}

/** The request id given by {@link serviceApp}. */
export function requestIdOf(req: IncomingMessage): string {
  return String((req as IncomingMessage & { id?: unknown }).id ?? '');
}

export async function listen(httpServer: Server, port: number, host: string): Promise<{ port: number; url: string }> {
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => resolve());
  });
  const actual = (httpServer.address() as AddressInfo).port;
  return { port: actual, url: `http://127.0.0.1:${actual}/graphql` };
}

/** Logs unexpected errors with the request id before they are masked. */
function errorLoggingPlugin<T extends BaseContext & { log: Logger }>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors }) {
          for (const error of errors) {
            if (isExposedError(error.extensions?.code)) continue;
            // Apollo's own refusals of a request (a persisted query whose hash does not match) carry a 4xx and no code: the client's mistake.
            const status = (error.extensions?.http as { status?: number } | undefined)?.status;
            if (status !== undefined && status >= 400 && status < 500) continue;
            const trouble = databaseTrouble(error);
            if (trouble === 'CANCELLED')
              contextValue.log.info({ path: error.path }, 'request abandoned by its caller; its SQL was cancelled');
            else if (trouble)
              contextValue.log.warn({ path: error.path, trouble, message: error.message }, 'database unavailable');
            else contextValue.log.error({ err: error.originalError ?? error, path: error.path }, 'unexpected error');
          }
        },
      };
    },
  };
}

/** Codes that say the client sent something wrong: a request refused with one of them only is a 4xx, never a 500. */
const CLIENT_CODES = new Set([
  'BAD_REQUEST',
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'OPERATION_NOT_SUPPORTED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** A request refused for the client's mistakes answers 400, whatever status the failing step chose. */
function clientErrorStatusPlugin<T extends BaseContext>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { errors, data } = response.body.singleResult;
          if (!errors?.length || data !== undefined) return;
          if (errors.every((e) => CLIENT_CODES.has(String(e.extensions?.code))) && (response.http.status ?? 500) >= 500) {
            response.http.status = 400;
          }
        },
      };
    },
  };
}

/**
 * Apollo Server options shared by the gateway and every subgraph: operation limits, no batching,
 * masked errors, and a shutdown that the launcher orders (HTTP first, then pools, then the database).
 */
export function serverSafety<T extends BaseContext & { log: Logger }>(httpServer: Server, plugins: ApolloServerPlugin<T>[] = []) {
  const limits = operationLimits();
  return {
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    allowBatchedHttpRequests: false,
    // Signed-in users may introspect in every environment (the browser IDE); guardPlugin refuses the public.
    introspection: true,
    formatError: maskError,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    plugins: [
      // No cache hints are used anywhere; the default cache-control plugin otherwise wraps every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      errorLoggingPlugin<T>(),
      clientErrorStatusPlugin<T>(),
      ...(limits.plugins as ApolloServerPlugin<T>[]),
      ...plugins,
    ],
  } satisfies Partial<ApolloServerOptionsWithSchema<T>>;
}
