import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

/** The `schema/` folder: each tier's SDL in subgraphs/, the composed supergraph, the composition's configuration. */
export const SCHEMA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SUPERGRAPH_PATH = join(SCHEMA_DIR, 'supergraph.graphql');
export const CONFIG_PATH = join(SCHEMA_DIR, 'supergraph.config.json');

/** One subgraph as composition sees it: a name, a routing URL and its SDL. Never its code. */
export interface SubgraphSdl {
  name: string;
  url: string;
  sdl: string;
}

interface CompositionConfig {
  subgraphs: { name: string; routingUrl: string; sdl: string }[];
}

/** The subgraphs of schema/supergraph.config.json with the SDL files each tier printed (`npm run sdl -w subgraphs/<tier>`). */
export function readSubgraphs(configPath = CONFIG_PATH): SubgraphSdl[] {
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as CompositionConfig;
  return config.subgraphs.map(({ name, routingUrl, sdl }) => ({
    name,
    url: routingUrl,
    sdl: readFileSync(join(dirname(configPath), sdl), 'utf8'),
  }));
}

export class CompositionError extends Error {
  constructor(readonly errors: string[]) {
    super(`The subgraphs do not compose:\n  - ${errors.join('\n  - ')}`);
  }
}

/** Composes subgraph SDLs into a supergraph with Apollo's composition library, or throws its errors. */
export function composeSupergraph(subgraphs: SubgraphSdl[]): string {
  const result = composeServices(subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })));
  if (result.errors?.length) throw new CompositionError(result.errors.map((e) => e.message));
  return `${(result.supergraphSdl ?? '').trim()}\n`;
}

export function readCommitted(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
