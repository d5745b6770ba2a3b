import { defineConfig } from '@graphql-hive/gateway';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';

/**
 * Hive Gateway as the benchmark's peer (`npm run bench` starts it with `hive-gateway supergraph
 * schema/supergraph.graphql --config-path` this file): the same committed supergraph served with the
 * Rust query planner of Hive Router (`@graphql-hive/router-runtime`), the same subgraphs (their URLs
 * come from the bench, which chose their ports), the same headers our gateway sends each subgraph
 * (the caller's token and that subgraph's `x-gateway-secret`), and in-flight deduplication off:
 * otherwise identical requests of a load test would be merged into one subgraph call. It verifies no
 * token itself (our gateway does, and so does every subgraph behind both).
 */
const env = (name: string): Record<string, string> => JSON.parse(process.env[name] ?? '{}') as Record<string, string>;
const urls = env('BENCH_SUBGRAPH_URLS');
const secrets = env('BENCH_GATEWAY_SECRETS');

export const gatewayConfig = defineConfig({
  unifiedGraphHandler,
  pollingInterval: 0,
  transportEntries: {
    '*.http': { options: { deduplicateInflightRequests: false } },
    ...Object.fromEntries(Object.entries(urls).map(([subgraph, location]) => [subgraph, { location }])),
  },
  propagateHeaders: {
    fromClientToSubgraphs: ({ request, subgraphName }) => {
      const headers: Record<string, string> = {};
      const authorization = request.headers.get('authorization');
      if (authorization) headers.authorization = authorization;
      if (secrets[subgraphName]) headers['x-gateway-secret'] = secrets[subgraphName];
      return headers;
    },
  },
  logging: 'error',
  graphiql: false,
  landingPage: false,
});
