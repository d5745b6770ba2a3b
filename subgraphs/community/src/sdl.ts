import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { printSubgraphSchema } from '@apollo/subgraph';
import { buildSchema } from './app.js';

/**
 * Prints this subgraph's SDL, as it serves it in `_service { sdl }`: to the file named on the
 * command line (`npm run sdl` writes schema/subgraphs/<tier>.graphql, which composition reads), or
 * to standard output.
 */
const sdl = `${printSubgraphSchema(await buildSchema()).trim()}\n`;
const [target] = process.argv.slice(2);
if (target) {
  mkdirSync(dirname(resolve(target)), { recursive: true });
  writeFileSync(resolve(target), sdl);
  process.stdout.write(`wrote ${target}\n`);
} else {
  process.stdout.write(sdl);
}
