import { readFileSync } from 'node:fs';
import { printSubgraphSchema } from '@apollo/subgraph';
import { buildSchema } from './app.js';

it('serves the SDL committed in schema/subgraphs/street.graphql, which composition reads (run `npm run compose` after a change)', async () => {
  const committed = readFileSync(new URL('../../../schema/subgraphs/street.graphql', import.meta.url), 'utf8');
  expect(`${printSubgraphSchema(await buildSchema()).trim()}\n`).toBe(committed);
});
