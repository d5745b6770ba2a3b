import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { buildSchema as buildCommunitySchema } from '@cso/community';
import { buildSchema as buildDistrictSchema } from '@cso/district';
import { buildSchema as buildStreetSchema } from '@cso/street';
import { parse, type GraphQLSchema } from 'graphql';
import { EVENT_CONTRACTS } from '@cso/kit';
import { z } from 'zod';

/** The folder of the committed contracts: `schema/subgraphs/*.graphql` and `schema/supergraph.graphql`. */
export const SCHEMA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SUPERGRAPH_PATH = join(SCHEMA_DIR, 'supergraph.graphql');

export interface SubgraphContract {
  name: string;
  /** The URL written into the supergraph; the gateway may override it per subgraph. */
  url: string;
  build: () => Promise<GraphQLSchema>;
}

/** The subgraphs of the federation, with their default local URLs. */
export const SUBGRAPHS: SubgraphContract[] = [
  { name: 'district', url: 'http://localhost:4001/graphql', build: buildDistrictSchema },
  { name: 'street', url: 'http://localhost:4002/graphql', build: buildStreetSchema },
  { name: 'community', url: 'http://localhost:4003/graphql', build: buildCommunitySchema },
];

export const subgraphSdlPath = (name: string) => join(SCHEMA_DIR, 'subgraphs', `${name}.graphql`);

/** Prints each subgraph's SDL from its code, as the subgraph would serve it in `_service { sdl }`. */
export async function printSubgraphs(): Promise<{ name: string; url: string; sdl: string }[]> {
  return Promise.all(
    SUBGRAPHS.map(async ({ name, url, build }) => ({ name, url, sdl: `${printSubgraphSchema(await build()).trim()}\n` })),
  );
}

export class CompositionError extends Error {
  constructor(readonly errors: string[]) {
    super(`The subgraphs do not compose:\n  - ${errors.join('\n  - ')}`);
  }
}

/** Composes subgraph SDLs into a supergraph with Apollo's composition library, or throws its errors. */
export function composeSupergraph(subgraphs: { name: string; url: string; sdl: string }[]): string {
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

export const eventContractPath = (type: string, version: number) => join(SCHEMA_DIR, 'events', `${type}.v${version}.json`);

/**
 * Each event type and version as a JSON Schema document: what consumers may rely on. A published
 * version never changes; a breaking change is a new version (the staleness test fails otherwise).
 */
export function printEventContracts(): { type: string; version: number; path: string; json: string }[] {
  return EVENT_CONTRACTS.map((c) => ({
    type: c.type,
    version: c.version,
    path: eventContractPath(c.type, c.version),
    json: `${JSON.stringify(
      {
        $id: `cso:event:${c.type}:v${c.version}`,
        title: `${c.type} v${c.version}`,
        description: c.description,
        consumers: c.consumers,
        envelope: { id: 'uuid', type: c.type, version: c.version, producer: 'tier name', occurredAt: 'ISO 8601' },
        payload: z.toJSONSchema(c.payload),
      },
      null,
      2,
    )}\n`,
  }));
}
