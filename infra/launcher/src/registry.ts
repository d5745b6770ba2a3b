import { watch } from 'node:fs';
import type { Logger } from '@cso/platform';
import { readCommittedProposals, RegistryClient, SUPERGRAPH_PATH, type RegistryTokens } from '@cso/registry';
import type { Tier } from './stack.js';

/** The schema registry of a stack started by the launcher: its database, its tokens and how often gateways poll it. */
export interface RegistryOptions {
  databaseUrl: string;
  tokens: RegistryTokens;
  port?: number;
  /** The gateways' REGISTRY_POLL_MS (default 5000; tests use less). */
  pollMs?: number;
  /** Extra environment for the registry process. */
  env?: Record<string, string>;
}

/** The registry's configuration, as its deployment sets it. */
export function registryEnv(
  registry: RegistryOptions,
  common: { nodeEnv?: string; host?: string; logLevel?: string },
): Record<string, string | undefined> {
  return {
    NODE_ENV: common.nodeEnv ?? 'development',
    HOST: common.host ?? '127.0.0.1',
    PORT: String(registry.port ?? 0),
    LOG_LEVEL: common.logLevel ?? 'info',
    DATABASE_URL: registry.databaseUrl,
    REGISTRY_ADMIN_TOKEN: registry.tokens.admin,
    REGISTRY_READ_TOKEN: registry.tokens.read,
    REGISTRY_PUBLISH_TOKENS: JSON.stringify(registry.tokens.publish),
    ...registry.env,
  };
}

/** What a gateway needs to follow the registry. */
export function gatewayRegistryEnv(url: string, registry: RegistryOptions): Record<string, string> {
  return {
    REGISTRY_URL: url,
    REGISTRY_READ_TOKEN: registry.tokens.read,
    ...(registry.pollMs ? { REGISTRY_POLL_MS: String(registry.pollMs) } : {}),
  };
}

/**
 * Publishes the committed SDL files (schema/subgraphs, with their events manifests) at the tiers'
 * running URLs as one launch: the first launch of an empty registry, and on later starts whatever
 * changed in the files since (nothing: no new launch).
 */
export async function publishCommitted(
  url: string,
  tokens: RegistryTokens,
  urls: Record<Tier, string>,
  log: Logger,
): Promise<number> {
  const client = new RegistryClient(url, { token: tokens.admin, actor: 'npm-start' });
  const outcome = await client.publishAll(readCommittedProposals(urls, 'committed'));
  log.info(
    { launchId: outcome.launch.id, published: outcome.published },
    outcome.published ? 'committed SDL published to the registry' : 'the registry already serves the committed SDL',
  );
  for (const warning of outcome.brokenOperations)
    log.warn({ operation: warning }, 'the committed SDL breaks an operation in use');
  return outcome.launch.id;
}

/**
 * Development: `npm run compose` rewrites schema/supergraph.graphql last; publish the committed
 * SDL files again when it changes, so the running gateways pick the change up as before.
 */
export function republishOnCompose(url: string, tokens: RegistryTokens, urls: Record<Tier, string>, log: Logger): () => void {
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(SUPERGRAPH_PATH, () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      publishCommitted(url, tokens, urls, log).catch((error: unknown) =>
        log.error({ err: error }, 'the committed SDL was not published to the registry'),
      );
    }, 500);
  });
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}
