import { createHash } from 'node:crypto';
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import type { SupergraphSdlHook } from '@apollo/gateway';
import { Supergraph } from '@apollo/federation-internals';
import type { Logger } from '@cso/platform';
import type { RegistryClient, RegistryLaunch } from './registry-client.js';

/** What the gateway serves now: reported on /readyz and in the logs. */
export interface SupergraphState {
  /** `file`: SUPERGRAPH_PATH; `registry`: a launch of the registry; `committed`: the committed file while no launch could be loaded. */
  source: 'file' | 'registry' | 'committed';
  launchId: number | null;
  /** sha256 of the supergraph SDL. */
  hash: string;
  loadedAt: string;
  subgraphs: { name: string; url: string; label?: string | null }[];
}

/** The supergraph in service and, when following a registry, how the registry answers. */
export class SupergraphStatus {
  current: SupergraphState | null = null;
  registry: { url: string; reachable: boolean | null; lastError: string | null; rejectedLaunch: number | null } | null = null;

  serve(state: Omit<SupergraphState, 'loadedAt' | 'hash'> & { sdl: string }): void {
    const { sdl, ...rest } = state;
    this.current = { ...rest, hash: createHash('sha256').update(sdl).digest('hex'), loadedAt: new Date().toISOString() };
  }

  /** The body of the gateway's /readyz. */
  report(): Record<string, unknown> {
    const s = this.current;
    return {
      supergraph: s && {
        source: s.source,
        launchId: s.launchId,
        hash: s.hash.slice(0, 16),
        loadedAt: s.loadedAt,
        subgraphs: s.subgraphs,
      },
      ...(this.registry ? { registry: this.registry } : {}),
    };
  }
}

const GRAPH = /@join__graph\(name: "([^"]+)", url: "([^"]*)"\)/g;

/** The subgraphs a supergraph routes to, as written in its `@join__graph` directives. */
export function routingOf(supergraphSdl: string): { name: string; url: string }[] {
  return [...supergraphSdl.matchAll(GRAPH)].map((m) => ({ name: m[1]!, url: m[2]! }));
}

/** The supergraph with some subgraphs' routing URLs replaced (DISTRICT_URL…: the committed file names development URLs). */
export function withRoutingUrls(supergraphSdl: string, urls: Record<string, string | undefined>): string {
  return supergraphSdl.replace(GRAPH, (whole, name: string) =>
    urls[name] ? `@join__graph(name: "${name}", url: "${urls[name]}")` : whole,
  );
}

/** Throws what the gateway would throw loading this supergraph (so a bad launch never becomes the first one). */
function assertLoadable(supergraphSdl: string): void {
  Supergraph.build(supergraphSdl, { validateSupergraph: true }).apiSchema();
}

/**
 * Loads the supergraph from a file and, when asked, watches it: a new file is swapped in without a
 * restart; one that fails to load is logged and the last good supergraph stays in service.
 */
export function supergraphFromFile(path: string, watchFile: boolean, log: Logger, status?: SupergraphStatus): SupergraphSdlHook {
  return async ({ update }) => {
    let current = readFileSync(path, 'utf8');
    status?.serve({ source: 'file', launchId: null, sdl: current, subgraphs: routingOf(current) });
    let watcher: FSWatcher | undefined;
    let timer: NodeJS.Timeout | undefined;
    if (watchFile) {
      watcher = watch(path, () => {
        clearTimeout(timer);
        // Editors and `npm run compose` write in steps; wait for the file to settle.
        timer = setTimeout(() => {
          try {
            const next = readFileSync(path, 'utf8');
            if (next === current) return;
            update(next);
            current = next;
            status?.serve({ source: 'file', launchId: null, sdl: current, subgraphs: routingOf(current) });
            log.info({ path }, 'supergraph reloaded');
          } catch (error) {
            log.error({ err: error, path }, 'new supergraph rejected; keeping the last good one');
          }
        }, 200);
      });
    }
    return {
      supergraphSdl: current,
      cleanup: async () => {
        clearTimeout(timer);
        watcher?.close();
      },
    };
  };
}

export interface RegistrySourceOptions {
  client: RegistryClient;
  /** The committed supergraph, served while no launch could be loaded (the registry down at start, or empty). */
  fallbackPath: string;
  /** Routing URLs for the committed supergraph (DISTRICT_URL…); a launch carries the URLs its tiers published. */
  fallbackUrls: Record<string, string | undefined>;
  pollMs: number;
  log: Logger;
  status: SupergraphStatus;
}

/**
 * Follows the schema registry: loads its latest launch at start (or the committed supergraph when
 * the registry cannot be reached or has none), then polls for a newer one (If-None-Match: a poll
 * with nothing new costs the registry one indexed read) and swaps it in without a restart. A launch
 * that fails to load, or a registry that is down, leaves the last good supergraph in service. Every
 * poll tells the registry which launch this gateway serves, so a deploy can wait for all gateways.
 */
export function supergraphFromRegistry(options: RegistrySourceOptions): SupergraphSdlHook {
  const { client, log, status } = options;
  status.registry = { url: client.url, reachable: null, lastError: null, rejectedLaunch: null };
  const registry = status.registry;
  return async ({ update }) => {
    let served: number | null = null;
    let etag: string | undefined;
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;

    const serveLaunch = (launch: RegistryLaunch, apply: (sdl: string) => void): boolean => {
      try {
        apply(launch.supergraphSdl);
      } catch (error) {
        registry.rejectedLaunch = launch.id;
        log.error(
          { err: error, launchId: launch.id, serving: served },
          `launch #${launch.id} failed to load; keeping the last good supergraph`,
        );
        return false;
      }
      served = launch.id;
      registry.rejectedLaunch = null;
      status.serve({
        source: 'registry',
        launchId: launch.id,
        sdl: launch.supergraphSdl,
        subgraphs: launch.subgraphs.map((s) => ({ name: s.name, url: s.url, label: s.label })),
      });
      log.info(
        {
          launchId: launch.id,
          reason: launch.reason,
          subgraphs: launch.subgraphs.map((s) => `${s.name}@${s.url}${s.label ? ` (${s.label})` : ''}`),
        },
        `serving launch #${launch.id}`,
      );
      return true;
    };

    const reachable = (error: unknown | null) => {
      if (error === null) {
        if (registry.reachable === false) log.info({ registry: client.url }, 'registry reachable again');
        registry.reachable = true;
        registry.lastError = null;
        return;
      }
      if (registry.reachable !== false)
        log.warn(
          { registry: client.url, err: error, serving: served === null ? 'the committed supergraph' : `launch #${served}` },
          'registry unreachable; keeping the supergraph in service',
        );
      registry.reachable = false;
      registry.lastError = error instanceof Error ? error.message : String(error);
    };

    // At start: the latest launch when the registry answers with one that loads, else the committed file.
    let initial: string | null = null;
    try {
      const answer = await client.latestLaunch(undefined, null);
      reachable(null);
      if (answer.kind === 'launch') {
        etag = answer.etag ?? undefined;
        if (serveLaunch(answer.launch, assertLoadable)) initial = answer.launch.supergraphSdl;
      }
    } catch (error) {
      reachable(error);
    }
    if (initial === null) {
      initial = withRoutingUrls(readFileSync(options.fallbackPath, 'utf8'), options.fallbackUrls);
      status.serve({ source: 'committed', launchId: null, sdl: initial, subgraphs: routingOf(initial) });
      log.info({ path: options.fallbackPath }, 'serving the committed supergraph until the registry has a launch');
    }

    const schedule = (ms: number) => {
      if (!stopped) timer = setTimeout(() => void poll(), ms);
    };
    const poll = async () => {
      let next = options.pollMs;
      try {
        const answer = await client.latestLaunch(etag, served);
        reachable(null);
        if (answer.kind === 'launch') {
          etag = answer.etag ?? undefined;
          // Tell the registry at once which launch this gateway now serves.
          if (answer.launch.id !== served && serveLaunch(answer.launch, update)) next = 0;
        }
      } catch (error) {
        reachable(error);
      }
      schedule(next);
    };
    schedule(0);
    return {
      supergraphSdl: initial,
      cleanup: async () => {
        stopped = true;
        clearTimeout(timer);
      },
    };
  };
}
