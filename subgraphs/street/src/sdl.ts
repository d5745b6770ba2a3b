import { printSubgraphSchema } from '@apollo/subgraph';
import { eventsManifest, writeSubgraphArtifacts } from '@cso/contracts/published';
import { buildSchema, definition } from './app.js';

/**
 * Prints this subgraph's SDL, as it serves it in `_service { sdl }`, and its events manifest: the
 * event contracts this version produces and consumes, each with the checksum of its published JSON
 * (the schema registry checks them when the tier publishes). With a file named on the command line
 * (`npm run sdl` writes schema/subgraphs/<tier>.graphql, which composition reads) both are written:
 * the SDL there and the manifest beside it as <tier>.events.json; otherwise the SDL, or with
 * `--events` the manifest, goes to standard output.
 */
writeSubgraphArtifacts(
  `${printSubgraphSchema(await buildSchema()).trim()}\n`,
  eventsManifest(
    definition.name,
    definition.produces ?? [],
    (definition.consumers ?? []).map((c) => c.contract),
  ),
);
