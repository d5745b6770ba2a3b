import { dropDatabase, type RunningSubgraph } from '@cso/kit';
import { QueryCounter, createTestDatabase, postGraphQL, type GraphQLResponse } from '@cso/kit/testing';
import { startStack, TIERS, type RunningStack, type Tier } from '@cso/infra';

export interface TestStack {
  stack: RunningStack;
  /** SQL statements per subgraph, for batching assertions. */
  queries: Record<Tier, QueryCounter>;
  databaseUrls: Record<Tier, string>;
  gql: <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => Promise<GraphQLResponse<T>>;
  subgraph: (tier: Tier) => RunningSubgraph;
  stop: (options?: { keepDatabases?: boolean }) => Promise<void>;
}

/**
 * The whole federation for one test file: three subgraphs on fresh databases of the test server
 * (seeded with the deterministic generator when asked), each on its own HTTP port, and the
 * gateway in front of them. Everything talks over real HTTP.
 */
export async function startTestStack(options: { seedSize?: number; databaseUrls?: Record<Tier, string> } = {}): Promise<TestStack> {
  const databaseUrls =
    options.databaseUrls ??
    (Object.fromEntries(await Promise.all(TIERS.map(async (t) => [t, await createTestDatabase(t)] as const))) as Record<Tier, string>);
  const queries = Object.fromEntries(TIERS.map((t) => [t, new QueryCounter()])) as Record<Tier, QueryCounter>;
  const stack = await startStack({
    databaseUrls,
    seedSize: options.seedSize ?? null,
    logLevel: 'warn',
    env: { NODE_ENV: 'test' },
    subgraphOverrides: Object.fromEntries(TIERS.map((t) => [t, { onQuery: queries[t].record }])),
  });
  return {
    stack,
    queries,
    databaseUrls,
    gql: (query, variables, headers) => postGraphQL(stack.gateway.url, query, variables, headers),
    subgraph: (tier) => stack.subgraphs[tier],
    stop: async ({ keepDatabases = false } = {}) => {
      await stack.stop();
      if (!keepDatabases) await Promise.all(TIERS.map((t) => dropDatabase(databaseUrls[t])));
    },
  };
}
