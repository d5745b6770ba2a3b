import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { printSubgraphSchema } from '@apollo/subgraph';
import { printContracts, sha256 } from '@cso/contracts/published';
import type { EventContract } from '@cso/platform';
import { buildSchema, definition } from './app.js';

/**
 * Prints this subgraph's SDL, as it serves it in `_service { sdl }`, and its events manifest: the
 * event contracts this version produces and consumes, each with the checksum of its published JSON
 * (the schema registry checks them when the tier publishes). With a file named on the command line
 * (`npm run sdl` writes schema/subgraphs/<tier>.graphql, which composition reads) both are written:
 * the SDL there and the manifest beside it as <tier>.events.json; otherwise the SDL, or with
 * `--events` the manifest, goes to standard output.
 */
const sdl = `${printSubgraphSchema(await buildSchema()).trim()}\n`;
const published = new Map(printContracts().map((f) => [f.path, sha256(f.json)]));
const refs = (contracts: EventContract<unknown>[]) =>
  [...new Map(contracts.map((c) => [`${c.type}.v${c.version}`, c])).values()]
    .map((c) => ({ type: c.type, version: c.version, checksum: published.get(`events/${c.type}.v${c.version}.json`) ?? null }))
    .sort((a, b) => a.type.localeCompare(b.type) || a.version - b.version);
const events = `${JSON.stringify(
  {
    service: definition.name,
    produces: refs(definition.produces ?? []),
    consumes: refs((definition.consumers ?? []).map((c) => c.contract)),
  },
  null,
  2,
)}\n`;

const args = process.argv.slice(2);
const target = args.find((a) => !a.startsWith('--'));
if (target) {
  mkdirSync(dirname(resolve(target)), { recursive: true });
  writeFileSync(resolve(target), sdl);
  const eventsTarget = target.replace(/(\.graphql)?$/, '.events.json');
  writeFileSync(resolve(eventsTarget), events);
  process.stdout.write(`wrote ${target} and ${eventsTarget}\n`);
} else {
  process.stdout.write(args.includes('--events') ? events : sdl);
}
