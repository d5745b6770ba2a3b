import type { ApolloServerPlugin } from '@apollo/server';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from '@cso/platform';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { GatewayConfig } from './config.js';
import type { GatewayContext } from './context.js';
import { OperationRecorder } from './operations.js';
import { RegistryClient } from './registry-client.js';
import { supergraphFromFile, supergraphFromRegistry, SupergraphStatus } from './supergraph.js';
import { TrustedDocuments } from './trusted-documents.js';

/** Everything of the gateway that depends on the schema registry, built from its configuration. */
export interface RegistryFeatures {
  /** `registry` when the supergraph follows the registry's launches. */
  source: 'file' | 'registry';
  supergraphSdl: SupergraphSdlHook;
  /** What /readyz reports: the supergraph in service (and its launch), the registry's state. */
  status: SupergraphStatus;
  /** Subgraph URL overrides for buildService: none when following the registry (a launch carries its tiers' URLs). */
  urlOverrides: Record<string, string | undefined>;
  plugins: ApolloServerPlugin<GatewayContext>[];
  /** Apollo Server's `persistedQueries` option when trusted documents are on (hash-only requests resolve to them). */
  persistedQueries?: { cache: ReturnType<TrustedDocuments['cache']> };
  start: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * The supergraph source (the file, or the registry's launches with the committed file as fallback),
 * operation recording and trusted documents, as configured.
 */
export function registryFeatures(
  config: GatewayConfig,
  log: Logger,
  supergraphPath: string,
  urls: Record<string, string | undefined>,
): RegistryFeatures {
  const status = new SupergraphStatus();
  const source = config.SUPERGRAPH_SOURCE ?? (config.REGISTRY_URL ? 'registry' : 'file');
  const client = config.REGISTRY_URL
    ? new RegistryClient({
        url: config.REGISTRY_URL,
        token: config.REGISTRY_READ_TOKEN,
        gatewayId: `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
        timeoutMs: config.REGISTRY_TIMEOUT_MS,
      })
    : null;
  const supergraphSdl =
    source === 'registry' && client
      ? supergraphFromRegistry({
          client,
          fallbackPath: supergraphPath,
          fallbackUrls: urls,
          pollMs: config.REGISTRY_POLL_MS,
          log,
          status,
        })
      : supergraphFromFile(supergraphPath, config.SUPERGRAPH_WATCH, log, status);
  const recorder =
    client && (config.OPERATIONS_RECORDING ?? true)
      ? new OperationRecorder({ client, flushMs: config.OPERATIONS_FLUSH_MS, log })
      : null;
  const trusted =
    client && config.TRUSTED_DOCUMENTS !== 'off'
      ? new TrustedDocuments({
          mode: config.TRUSTED_DOCUMENTS,
          client,
          refreshMs: config.REGISTRY_POLL_MS,
          exemptRoles: config.TRUSTED_DOCUMENTS_EXEMPT_ROLES.split(',')
            .map((r) => r.trim())
            .filter(Boolean),
          log,
        })
      : null;
  return {
    source,
    supergraphSdl,
    status,
    urlOverrides: source === 'registry' ? {} : urls,
    plugins: [...(recorder ? [recorder.plugin<GatewayContext>()] : []), ...(trusted ? [trusted.plugin<GatewayContext>()] : [])],
    ...(trusted ? { persistedQueries: { cache: trusted.cache() } } : {}),
    start: async () => {
      recorder?.start();
      await trusted?.start();
    },
    stop: async () => {
      trusted?.stop();
      await recorder?.stop();
    },
  };
}
