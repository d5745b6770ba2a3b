import { CompositionError, SUPERGRAPH_PATH, composeSupergraph, readCommitted, readSubgraphs } from './index.js';

describe('the committed supergraph', () => {
  it('is the composition of the SDL files the tiers printed (run `npm run compose` after a change)', () => {
    expect(readCommitted(SUPERGRAPH_PATH)).toBe(composeSupergraph(readSubgraphs()));
  });

  it('refuses subgraphs that do not compose, with the composition errors', () => {
    const rogue = {
      name: 'rogue',
      url: 'http://localhost:4999/graphql',
      sdl: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
            type District @key(fields: "id") { id: ID! name: Int! }
            type Query { rogue: District }`,
    };
    let error: unknown;
    try {
      composeSupergraph([...readSubgraphs(), rogue]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CompositionError);
    expect((error as CompositionError).errors.join('\n')).toMatch(/District\.name/);
  });
});
