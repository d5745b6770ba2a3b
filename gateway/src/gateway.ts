import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { expressMiddleware } from '@as-integrations/express5';
import { createLogger, isExposedError, maskError, type Logger } from '@cso/kit';
import express from 'express';
import { pinoHttp } from 'pino-http';
import { loadGatewayConfig, type GatewayConfig, type GatewayOverrides } from './config.js';
import { supergraphFromFile } from './supergraph.js';

export interface GatewayContext {
  requestId: string;
  log: Logger;
}

const DEFAULT_SUPERGRAPH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schema', 'supergraph.graphql');

/** Calls a subgraph with a timeout and passes the request id along. */
class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if ('requestId' in context && context.requestId) request.http?.headers.set('x-request-id', context.requestId);
  }
}

function timeoutFetch(timeoutMs: number): typeof fetch {
  return (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

function errorLoggingPlugin(): ApolloServerPlugin<GatewayContext> {
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

export interface RunningGateway {
  url: string;
  port: number;
  config: GatewayConfig;
  stop: () => Promise<void>;
}

/** Starts the gateway: one GraphQL endpoint over the three tiers' subgraphs. */
export async function bootstrapGateway(
  overrides: GatewayOverrides = {},
  env: Record<string, string | undefined> = process.env,
): Promise<RunningGateway> {
  const config = loadGatewayConfig(env, overrides);
  const log = createLogger('gateway', config.LOG_LEVEL);
  const urlOverrides: Record<string, string | undefined> = {
    district: config.DISTRICT_URL,
    street: config.STREET_URL,
    community: config.COMMUNITY_URL,
  };
  const fetcher = timeoutFetch(config.SUBGRAPH_TIMEOUT_MS);
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphFromFile(config.SUPERGRAPH_PATH ?? DEFAULT_SUPERGRAPH, config.SUPERGRAPH_WATCH, log),
    buildService: ({ name, url }) => new SubgraphDataSource({ url: urlOverrides[name] ?? url, fetcher }),
    logger: log,
  });

  const app = express();
  const httpServer = createServer(app);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: maskError,
    includeStacktraceInErrorResponses: false,
    // The launcher (or main.ts) owns shutdown order: HTTP first, then pools, then the database.
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), errorLoggingPlugin()],
  });
  await apollo.start();

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
      autoLogging: { ignore: (req) => req.url === '/healthz' },
    }),
  );
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' });
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => ({ requestId: String(req.id), log: log.child({ requestId: String(req.id) }) }),
    }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/graphql`;
  log.info({ url }, 'gateway ready');
  let stopped = false;
  return {
    url,
    port,
    config,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await apollo.stop();
    },
  };
}
