import { callerFromClaims } from '@cso/contracts';
import {
  authConfigProblems,
  bodyErrorHandler,
  ConfigError,
  countingTokenFailures,
  createLogger,
  createTokenVerifier,
  GATEWAY_SECRET_HEADER,
  graphqlMiddleware,
  guardPlugin,
  isAuthenticationFailure,
  listen,
  RevocationList,
  serverSafety,
  serviceApp,
  Telemetry,
  withRevocations,
} from '@cso/platform';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { ApolloGateway } from '@apollo/gateway';
import express from 'express';
import { loadGatewayConfig, type GatewayConfig, type GatewayOverrides } from './config.js';
import { gatewayContext, type GatewayContext } from './context.js';
import { subgraphFetchObserver } from './observability/index.js';
import { RateLimiter } from './rate-limit.js';
import { registryFeatures } from './registry.js';
import { installResultShaping } from './result-shaping.js';
import { checkCustomScalars } from './scalars.js';
import { SubgraphDataSource } from './subgraph-source.js';
import { mountWorkbench } from './workbench/index.js';

export type { GatewayContext };

const DEFAULT_SUPERGRAPH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schema', 'supergraph.graphql');

export interface RunningGateway {
  url: string;
  port: number;
  config: GatewayConfig;
  /** Where `/metrics` is served: METRICS_PORT's listener, the gateway's own port (development, test), or null. */
  metricsUrl: string | null;
  /** Which result shaping serves (result-shaping.ts): the compiled one, or @apollo/gateway's own. */
  resultShaping: 'compiled' | 'apollo';
  /** Its metrics and tracing (tests flush spans through it). */
  telemetry: Telemetry;
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
  // The gateway's tracer is the process's global one: Apollo Gateway's own plan and fetch spans join its traces.
  const telemetry = new Telemetry('gateway', config, log, { globalTracer: true });
  const observeFetch = subgraphFetchObserver(telemetry);
  const verifySignature = await createTokenVerifier(config, callerFromClaims);
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
  // Schema registry (issue 12): the supergraph source (file, or the registry's launches), /readyz, operation recording, trusted documents.
  const registry = registryFeatures(config, log, config.SUPERGRAPH_PATH ?? DEFAULT_SUPERGRAPH, urlOverrides);
  // The deny-list of revoked tokens: the district's, fetched with this gateway's secret (every subgraph checks its own copy too).
  const serviceUrls: Record<string, string> = {};
  const revocations = new RevocationList(
    async () => {
      const base = serviceUrls.district?.replace(/\/graphql$/, '');
      if (!base) return [];
      const res = await fetch(`${base}/revocations`, {
        headers: secrets.district ? { [GATEWAY_SECRET_HEADER]: secrets.district } : {},
        signal: AbortSignal.timeout(2000),
      });
      if (!res.ok) throw new Error(`revocations: HTTP ${res.status}`);
      return ((await res.json()) as { revocations: { kind: 'jti' | 'sub'; value: string }[] }).revocations;
    },
    log,
    config.REVOCATION_REFRESH_MS,
  );
  const verifyToken = withRevocations(verifySignature, revocations);
  const shaping = await installResultShaping(config.RESULT_SHAPING === 'compiled');
  if (shaping.reason && config.RESULT_SHAPING === 'compiled') log.warn(shaping, "result shaping: @apollo/gateway's own");
  const gateway = new ApolloGateway({
    supergraphSdl: registry.supergraphSdl,
    // Each fetch node keeps its parsed document with the cached plan: the data source need not parse the fetch's text.
    queryPlannerConfig: { exposeDocumentNodeInFetchNode: true },
    buildService: ({ name, url }) => {
      const target = registry.urlOverrides[name] ?? url;
      if (!target) throw new ConfigError('gateway', [`no URL for the ${name} subgraph: set ${name.toUpperCase()}_URL`]);
      serviceUrls[name] = target;
      return new SubgraphDataSource({
        name,
        url: target,
        secret: secrets[name],
        timeoutMs: config.SUBGRAPH_TIMEOUT_MS,
        log,
        observe: observeFetch,
        batching: config.SUBGRAPH_FETCH_BATCHING,
      });
    },
    logger: log,
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => checkCustomScalars(apiSchema));
  const limiter = new RateLimiter({
    user: { perMinute: config.RATE_LIMIT_PER_MINUTE, burst: config.RATE_LIMIT_BURST },
    public: { perMinute: config.PUBLIC_RATE_LIMIT_PER_MINUTE, burst: config.PUBLIC_RATE_LIMIT_BURST },
  });

  // The gateway makes every request id itself; a client's own x-request-id is kept as its correlation id.
  const { app, httpServer } = serviceApp(log, 'gateway', { trustRequestId: () => false });
  // Ready once a supergraph is loaded; says which (file, committed, or the registry's launch #N).
  app.get('/readyz', (_req, res) => {
    res
      .status(registry.status.current ? 200 : 503)
      .json({ status: registry.status.current ? 'ready' : 'starting', service: 'gateway', ...registry.status.report() });
  });
  mountWorkbench(app, config, log);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    ...serverSafety<GatewayContext>(httpServer, [
      guardPlugin<GatewayContext>({ callerOf: (c) => c.caller }),
      ...registry.plugins,
      ...telemetry.plugins<GatewayContext>(),
    ]),
    ...(registry.persistedQueries ? { persistedQueries: registry.persistedQueries } : {}),
  });
  await apollo.start();
  await registry.start();
  revocations.start();

  telemetry.mountMetrics(app);
  // Refused tokens are counted (not rate limits, which fail the context too).
  const contextOf = countingTokenFailures(
    telemetry.metrics,
    (req: express.Request, res: express.Response) =>
      gatewayContext(req, res, { log, verifyToken, limiter, requestTimeoutMs: config.REQUEST_TIMEOUT_MS }),
    isAuthenticationFailure,
  );
  app.use(
    '/graphql',
    ...telemetry.requestHandlers(),
    express.json({ limit: config.BODY_LIMIT }),
    graphqlMiddleware(apollo, ({ req, res }) => contextOf(req, res)),
  );
  app.use(bodyErrorHandler);

  const { port, url } = await listen(httpServer, config.PORT, config.HOST);
  const metricsUrl =
    (await telemetry.listen(config.HOST)) ??
    (telemetry.exposure === 'service-port' ? url.replace(/\/graphql$/, '/metrics') : null);
  log.info(
    {
      url,
      supergraph: registry.status.current?.source,
      launchId: registry.status.current?.launchId,
      resultShaping: shaping.shaping,
    },
    'gateway ready',
  );
  let stopped = false;
  return {
    url,
    port,
    config,
    metricsUrl,
    resultShaping: shaping.shaping,
    telemetry,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      revocations.stop();
      await apollo.stop();
      await registry.stop();
      await telemetry.stop();
    },
  };
}
