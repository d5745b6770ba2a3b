import { demoClaims, demoUsers, generateWorld, type DemoUser } from '@cso/demo-world';
import { dropDatabase, type RunningSubgraph, type SubgraphOverrides, signDevToken } from '@cso/platform';
import { QueryCounter, createTestDatabase, postGraphQL, type GraphQLResponse } from '@cso/platform/testing';
import { ephemeralDevAuth, startStack, TIERS, type DevAuth, type RunningStack, type Tier } from '@cso/launcher';
import { newRegistryTokens, RegistryClient, type RegistryTokens } from '@cso/registry';

export interface TestStack {
  stack: RunningStack;
  /** SQL statements per subgraph, for batching assertions. */
  queries: Record<Tier, QueryCounter>;
  databaseUrls: Record<Tier, string>;
  busUrl: string;
  gql: <T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ) => Promise<GraphQLResponse<T>>;
  subgraph: (tier: Tier) => RunningSubgraph;
  auth: DevAuth;
  users: DemoUser[];
  /** A bearer header for a demo user: `{ authorization: 'Bearer …' }`. */
  as: (login: string) => Promise<Record<string, string>>;
  /** With `registry`: its URL, tokens, and a client with a tier's publish token (or the admin's). */
  registry?: { url: string; tokens: RegistryTokens; client: (tier?: Tier) => RegistryClient };
  stop: (options?: { keepDatabases?: boolean }) => Promise<void>;
}

/**
 * The whole federation for one test file: three subgraphs on fresh databases of the test server
 * (seeded with the deterministic generator when asked), each on its own HTTP port, and the
 * gateway in front of them. Everything talks over real HTTP.
 */
export async function startTestStack(
  options: {
    seedSize?: number;
    databaseUrls?: Record<Tier, string>;
    busUrl?: string;
    auth?: DevAuth;
    allowDirectFederation?: boolean;
    /** Extra configuration for every subgraph (e.g. quick event retries). */
    overrides?: SubgraphOverrides;
    /** Start the schema registry too (in-process, its own database); the gateway follows it and reports operations quickly. */
    registry?: boolean;
    /** Extra environment for every service, the gateway included (e.g. OTEL_EXPORTER_OTLP_ENDPOINT). */
    env?: Record<string, string>;
  } = {},
): Promise<TestStack> {
  const auth = options.auth ?? (await ephemeralDevAuth());
  const users = demoUsers(generateWorld(options.seedSize ?? 0.3));
  const databaseUrls =
    options.databaseUrls ??
    (Object.fromEntries(await Promise.all(TIERS.map(async (t) => [t, await createTestDatabase(t)] as const))) as Record<
      Tier,
      string
    >);
  const busUrl = options.busUrl ?? (await createTestDatabase('bus'));
  const registryDatabase = options.registry ? await createTestDatabase('registry') : null;
  const registryTokens = newRegistryTokens(TIERS);
  const queries = Object.fromEntries(TIERS.map((t) => [t, new QueryCounter()])) as Record<Tier, QueryCounter>;
  const stack = await startStack({
    databaseUrls,
    busUrl,
    auth,
    seedSize: options.seedSize ?? null,
    devUsers: users,
    logLevel: 'warn',
    // Tests send many requests with one token: the gateway's rate limits are tested on their own.
    env: {
      NODE_ENV: 'test',
      RATE_LIMIT_PER_MINUTE: '0',
      PUBLIC_RATE_LIMIT_PER_MINUTE: '0',
      ...(registryDatabase ? { OPERATIONS_FLUSH_MS: '200' } : {}),
      ...options.env,
    },
    ...(registryDatabase ? { registry: { databaseUrl: registryDatabase, tokens: registryTokens, pollMs: 200 } } : {}),
    subgraphOverrides: Object.fromEntries(
      TIERS.map((t) => [
        t,
        { onQuery: queries[t].record, ALLOW_DIRECT_FEDERATION: options.allowDirectFederation ?? false, ...options.overrides },
      ]),
    ),
  });
  // The tiers connect to the bus in the background; tests start once every relay and consumer runs.
  await Promise.all(TIERS.map((t) => stack.subgraphs[t].events?.ready()));
  return {
    stack,
    queries,
    databaseUrls,
    busUrl,
    gql: (query, variables, headers) => postGraphQL(stack.gateway.url, query, variables, headers),
    subgraph: (tier) => stack.subgraphs[tier],
    auth,
    users,
    as: async (login) => {
      const user = users.find((u) => u.login === login);
      if (!user) throw new Error(`no demo user ${login}`);
      return { authorization: `Bearer ${await signDevToken(auth.keys.privateJwk, demoClaims(user))}` };
    },
    ...(stack.registry
      ? {
          registry: {
            url: stack.registry.url,
            tokens: registryTokens,
            client: (tier?: Tier) =>
              new RegistryClient(stack.registry!.url, {
                token: tier ? registryTokens.publish[tier] : registryTokens.admin,
                actor: 'test',
              }),
          },
        }
      : {}),
    stop: async ({ keepDatabases = false } = {}) => {
      await stack.stop();
      if (registryDatabase) await dropDatabase(registryDatabase);
      if (!keepDatabases) await Promise.all([...TIERS.map((t) => dropDatabase(databaseUrls[t])), dropDatabase(busUrl)]);
    },
  };
}
