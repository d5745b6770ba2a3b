import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CompositionError, SUPERGRAPH_PATH, composeSupergraph, printEventContracts, printSubgraphs, subgraphSdlPath } from './index.js';

/** `npm run compose`: prints every subgraph's SDL to schema/subgraphs and composes schema/supergraph.graphql. */
const subgraphs = await printSubgraphs();
for (const { name, sdl } of subgraphs) {
  mkdirSync(dirname(subgraphSdlPath(name)), { recursive: true });
  writeFileSync(subgraphSdlPath(name), sdl);
  process.stdout.write(`wrote ${subgraphSdlPath(name)}\n`);
}
for (const { path, json } of printEventContracts()) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, json);
  process.stdout.write(`wrote ${path}\n`);
}
try {
  writeFileSync(SUPERGRAPH_PATH, composeSupergraph(subgraphs));
  process.stdout.write(`wrote ${SUPERGRAPH_PATH}\n`);
} catch (error) {
  if (error instanceof CompositionError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
