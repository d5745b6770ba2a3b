import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServerOptionsWithSchema, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { isExposedError } from './errors.js';
import { operationLimits } from './guards.js';
import { maskError } from './mask.js';

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

/**
 * The HTTP side every service shares: an express app whose every response carries an
 * `x-request-id` (the caller's when well formed, so one id follows a request through the
 * gateway and the subgraphs), structured request logs, and `GET /healthz`.
 */
export function serviceApp(log: Logger, service: string): { app: Express; httpServer: Server } {
  const app = express();
  app.disable('x-powered-by');
  app.use(
    pinoHttp({
      logger: log,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );
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
            if (!isExposedError(error.extensions?.code)) {
              contextValue.log.error({ err: error.originalError ?? error, path: error.path }, 'unexpected error');
            }
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
      ApolloServerPluginDrainHttpServer({ httpServer }),
      errorLoggingPlugin<T>(),
      ...(limits.plugins as ApolloServerPlugin<T>[]),
      ...plugins,
    ],
  } satisfies Partial<ApolloServerOptionsWithSchema<T>>;
}
