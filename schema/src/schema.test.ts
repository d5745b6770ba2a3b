import { CompositionError, SUPERGRAPH_PATH, composeSupergraph, printEventContracts, printSubgraphs, readCommitted, subgraphSdlPath } from './index.js';

describe('committed schema contracts', () => {
  it('each subgraph’s committed SDL matches its code (run `npm run compose` after a change)', async () => {
    for (const { name, sdl } of await printSubgraphs()) {
      expect({ name, sdl: readCommitted(subgraphSdlPath(name)) }).toEqual({ name, sdl });
    }
  });

  it('the committed supergraph is the composition of the subgraphs', async () => {
    expect(readCommitted(SUPERGRAPH_PATH)).toBe(composeSupergraph(await printSubgraphs()));
  });

  it('the committed event contracts match the code (a published version never changes)', () => {
    for (const { path, json } of printEventContracts()) {
      expect({ path, json: readCommitted(path) }).toEqual({ path, json });
    }
  });

  it('refuses subgraphs that do not compose, with the composition errors', async () => {
    const subgraphs = await printSubgraphs();
    const rogue = {
      name: 'rogue',
      url: 'http://localhost:4999/graphql',
      sdl: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
            type District @key(fields: "id") { id: ID! name: Int! }
            type Query { rogue: District }`,
    };
    let error: unknown;
    try {
      composeSupergraph([...subgraphs, rogue]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CompositionError);
    expect((error as CompositionError).errors.join('\n')).toMatch(/District\.name/);
  });
});
