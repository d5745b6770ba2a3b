import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { eventsPathBeside, readEventsManifest } from './client.js';
import type { SubgraphProposal } from './model.js';

/** The `schema/` folder: each tier's SDL in subgraphs/, the composed supergraph, the composition's configuration. */
export const SCHEMA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SUPERGRAPH_PATH = join(SCHEMA_DIR, 'supergraph.graphql');
export const CONFIG_PATH = join(SCHEMA_DIR, 'supergraph.config.json');

export type { SubgraphSdl } from './checks/composition.js';
import type { SubgraphSdl } from './checks/composition.js';

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

/**
 * The committed subgraphs as proposals for the registry: each tier's SDL file with the events
 * manifest it printed beside it, at the routing URL of the configuration unless `urls` names another.
 */
export function readCommittedProposals(
  urls: Record<string, string> = {},
  label: string | null = null,
  configPath = CONFIG_PATH,
): SubgraphProposal[] {
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as CompositionConfig;
  return config.subgraphs.map(({ name, routingUrl, sdl }) => {
    const sdlPath = join(dirname(configPath), sdl);
    return {
      name,
      url: urls[name] ?? routingUrl,
      sdl: readFileSync(sdlPath, 'utf8'),
      events: readEventsManifest(eventsPathBeside(sdlPath)),
      label,
    };
  });
}

export function readCommitted(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

export * from './model.js';
export * from './config.js';
export { compose, type CompositionOutcome } from './checks/composition.js';
export { schemaChanges, apiSchemaOf, type SchemaChange, type ChangeLevel } from './checks/changes.js';
export {
  checkOperations,
  coordinatesOf,
  coordinateOfChange,
  type OperationRef,
  type BrokenOperation,
} from './checks/operations.js';
export { eventProblems, type TierEvents } from './checks/events.js';
export { formatReport, describeOperation, type CheckReport, type PublishOutcome } from './checks/report.js';
export { RegistryService, RegistryRefusal, sha256 } from './service.js';
export { RegistryStore } from './store/store.js';
export { migrate, MIGRATIONS } from './store/migrations.js';
export { startRegistry, type RunningRegistry } from './http/server.js';
export { RegistryClient, RegistryError, readEventsManifest, eventsPathBeside } from './client.js';
export { devRegistryTokens, newRegistryTokens, registryTokenEnv, type RegistryTokens } from './tokens.js';
