import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { generateWorld } from '@cso/demo-world';
import { SubgraphDataSource, type GatewayContext, type SourceOptions } from '@cso/gateway';
import { createLogger } from '@cso/platform';
import { parse } from 'graphql';
import { startTestStack, type TestStack } from './support/stack.js';

/**
 * The gateway's data source merges sibling queries of one request to the same subgraph (batching.ts).
 * Here it talks to the real community subgraph over HTTP, as the gateway does, with fetches shaped like
 * the planner's: the answers come back to the fetch that asked, one fetch's failure leaves its
 * siblings' answers whole, and a merged document the subgraph refuses is sent apart, then never merged.
 */
const SIZE = 0.2;
const world = generateWorld(SIZE);
let t: TestStack;

beforeAll(async () => {
  t = await startTestStack({ seedSize: SIZE });
});
afterAll(() => t?.stop());

const ORGANIZATION = 'query Org__community__0($id: ID!) { organization(id: $id) { name } }';
/** Eight aliases: two of these merged are sixteen, one more than the subgraph allows. */
const ALIASED = (name: string) =>
  `query ${name}($id: ID!) { organization(id: $id) { ${Array.from({ length: 8 }, (_, i) => `a${i}: name`).join(' ')} } }`;

type Answer = {
  data?: Record<string, { name?: string; a0?: string } | null> | null;
  errors?: { extensions?: { code?: string }; path?: unknown[] }[];
};

/** A data source for the community subgraph, counting the HTTP requests it sends. */
function source(options: Partial<SourceOptions> = {}) {
  const requests: string[] = [];
  const ds = new SubgraphDataSource({
    name: 'community',
    url: t.subgraph('community').url,
    secret: t.auth.gatewaySecrets.community,
    timeoutMs: 5000,
    log: createLogger('test', 'silent'),
    observe: (name, send) => {
      requests.push(name);
      return send();
    },
    ...options,
  });
  return { ds, requests };
}

/** The fetches of one request, handed to the data source in the same tick, as the planner's parallel step does. */
async function siblings(
  ds: SubgraphDataSource,
  fetches: { query: string; variables: Record<string, unknown> }[],
): Promise<Answer[]> {
  const context = {
    authorization: (await t.as('district-officer')).authorization,
    requestId: 'batching-test',
  } as Partial<GatewayContext>;
  return (await Promise.all(
    fetches.map(({ query, variables }) =>
      ds.process({
        kind: 'incoming operation',
        request: { query, variables, operationName: /query (\w+)/.exec(query)![1] },
        context,
        document: parse(query),
      } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>),
    ),
  )) as Answer[];
}

const [first, second] = world.organizations;

describe('sibling fetches to one subgraph in one request', () => {
  it('sends two sibling queries as one request and gives each its own answer', async () => {
    const { ds, requests } = source();
    const [a, b] = await siblings(ds, [
      { query: ORGANIZATION, variables: { id: first!.id } },
      { query: ORGANIZATION.replace('Org__community__0', 'Org__community__1'), variables: { id: second!.id } },
    ]);
    expect(requests).toHaveLength(1);
    expect(a).toEqual({ data: { organization: { name: first!.name } } });
    expect(b).toEqual({ data: { organization: { name: second!.name } } });
    await ds.close();
  });

  it('one fetch’s failure (its non-null root nulls the whole answer) leaves its sibling’s answer whole', async () => {
    const { ds, requests } = source();
    const [found, missing] = await siblings(ds, [
      { query: ORGANIZATION, variables: { id: first!.id } },
      {
        query: ORGANIZATION.replace('Org__community__0', 'Org__community__1'),
        variables: { id: '00000000-0000-4000-8000-000000000000' },
      },
    ]);
    expect(found).toEqual({ data: { organization: { name: first!.name } } });
    expect(missing?.data).toBeNull();
    expect(missing?.errors?.[0]).toMatchObject({ path: ['organization'], extensions: { code: 'NOT_FOUND' } });
    // The merged request, then the sibling alone.
    expect(requests).toHaveLength(2);
    await ds.close();
  });

  it('a merged document the subgraph refuses is sent apart, and those fetches are not merged again', async () => {
    // Limits looser than the subgraph's, so that the merged document breaks its alias limit.
    const { ds, requests } = source({ batchLimits: { maxAliases: 100, maxDirectives: 20, maxTokens: 4000, maxFetches: 8 } });
    const fetches = [
      { query: ALIASED('Many__community__0'), variables: { id: first!.id } },
      { query: ALIASED('Many__community__1'), variables: { id: second!.id } },
    ];
    for (const round of [1, 2]) {
      requests.length = 0;
      const [a, b] = await siblings(ds, fetches);
      expect(a?.data?.organization?.a0).toBe(first!.name);
      expect(b?.data?.organization?.a0).toBe(second!.name);
      expect(a?.errors).toBeUndefined();
      // First: the refused merged request and the two apart; then only the two apart.
      expect(requests).toHaveLength(round === 1 ? 3 : 2);
    }
    await ds.close();
  });
});
