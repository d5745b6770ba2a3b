import { callerFromClaims } from '@cso/contracts';
import {
  authConfigProblems,
  bearerToken,
  bodyErrorHandler,
  ConfigError,
  createLogger,
  createTokenVerifier,
  GATEWAY_SECRET_HEADER,
  guardPlugin,
  listen,
  PUBLIC_CALLER,
  requestIdOf,
  serverSafety,
  serviceApp,
  type Caller,
  type Logger,
} from '@cso/platform';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { loadGatewayConfig, type GatewayConfig, type GatewayOverrides } from './config.js';
import { supergraphFromFile } from './supergraph.js';
import { mountWorkbench } from './workbench/index.js';

export interface GatewayContext {
  requestId: string;
  log: Logger;
  caller: Caller;
  /** The verified bearer token, forwarded to the subgraphs (which verify it again). */
  authorization?: string;
}

const DEFAULT_SUPERGRAPH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schema', 'supergraph.graphql');

/** Calls a subgraph with a timeout, the caller's token, this gateway's secret and the request id. */
class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    options: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0],
    private readonly secret: string | undefined,
  ) {
    super(options);
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers) return;
    if (this.secret) headers.set(GATEWAY_SECRET_HEADER, this.secret);
    if ('requestId' in context && context.requestId) headers.set('x-request-id', context.requestId);
    if ('authorization' in context && context.authorization) headers.set('authorization', context.authorization);
  }
}

function timeoutFetch(timeoutMs: number): typeof fetch {
  return (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
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
  const problems = authConfigProblems(config);
  if (config.NODE_ENV === 'production') {
    for (const key of ['DISTRICT_GATEWAY_SECRET', 'STREET_GATEWAY_SECRET', 'COMMUNITY_GATEWAY_SECRET'] as const) {
      if (!config[key]) problems.push(`${key}: required in production`);
    }
  }
  if (problems.length) throw new ConfigError('gateway', problems);
  const log = createLogger('gateway', config.LOG_LEVEL);
  const verifyToken = await createTokenVerifier(config, callerFromClaims);
  const secrets: Record<string, string | undefined> = {
    district: config.DISTRICT_GATEWAY_SECRET,
    street: config.STREET_GATEWAY_SECRET,
    community: config.COMMUNITY_GATEWAY_SECRET,
  };
  const urlOverrides: Record<string, string | undefined> = {
    district: config.DISTRICT_URL,
    street: config.STREET_URL,
    community: config.COMMUNITY_URL,
  };
  const fetcher = timeoutFetch(config.SUBGRAPH_TIMEOUT_MS);
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphFromFile(config.SUPERGRAPH_PATH ?? DEFAULT_SUPERGRAPH, config.SUPERGRAPH_WATCH, log),
    buildService: ({ name, url }) => new SubgraphDataSource({ url: urlOverrides[name] ?? url, fetcher }, secrets[name]),
    logger: log,
  });

  const { app, httpServer } = serviceApp(log, 'gateway');
  mountWorkbench(app, config, log);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    ...serverSafety<GatewayContext>(httpServer, [guardPlugin<GatewayContext>({ callerOf: (c) => c.caller })]),
  });
  await apollo.start();

  app.use(
    '/graphql',
    express.json({ limit: config.BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const requestId = requestIdOf(req);
        const token = bearerToken(req.headers.authorization);
        const caller: Caller = token ? await verifyToken(token) : PUBLIC_CALLER;
        return { requestId, log: log.child({ requestId }), caller, authorization: token ? `Bearer ${token}` : undefined };
      },
    }),
  );
  app.use(bodyErrorHandler);

  const { port, url } = await listen(httpServer, config.PORT, config.HOST);
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
