import { writeFileSync } from 'node:fs';
import { CompositionError, SUPERGRAPH_PATH, composeSupergraph, readSubgraphs } from './index.js';

/**
 * `npm run compose` (last step): composes schema/supergraph.graphql from the SDL files the tiers
 * printed. Fails with the composition errors when they do not compose.
 */
try {
  writeFileSync(SUPERGRAPH_PATH, composeSupergraph(readSubgraphs()));
  process.stdout.write(`wrote ${SUPERGRAPH_PATH}\n`);
} catch (error) {
  if (error instanceof CompositionError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
