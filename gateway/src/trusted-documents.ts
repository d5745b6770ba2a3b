import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode, hasRole, type Caller, type Logger } from '@cso/platform';
import { GraphQLError } from 'graphql';
import type { RegistryClient } from './registry-client.js';

export type TrustedDocumentsMode = 'off' | 'audit' | 'enforce';

export interface TrustedDocumentsOptions {
  mode: TrustedDocumentsMode;
  client: RegistryClient;
  refreshMs: number;
  /** Roles that may send any document (analysts exploring in the IDE). */
  exemptRoles: string[];
  log: Logger;
}

/** A small LRU for clients' automatic persisted queries (APQ), as Apollo Server keeps by default. */
class Lru {
  private entries = new Map<string, string>();
  constructor(private readonly max: number) {}
  get(key: string): string | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }
  set(key: string, value: string): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
  delete(key: string): void {
    this.entries.delete(key);
  }
}

/**
 * Trusted documents (the allow-list model of persisted queries): clients register their documents
 * in advance with the registry (a manifest of sha256 → document per client version), and the gateway
 * keeps a copy, refreshed in the background. With TRUSTED_DOCUMENTS=enforce, a request that names a
 * client which registered documents (`apollographql-client-name`) runs only a registered document —
 * sent in full, or by hash alone (`extensions.persistedQuery.sha256Hash`); `audit` logs what enforce
 * would refuse. Callers with an exempt role (analysts in the IDE) may send any document.
 */
export class TrustedDocuments {
  private byClient = new Map<string, Set<string>>();
  private documents = new Map<string, string>();
  private etag: string | undefined;
  private timer?: NodeJS.Timeout;
  private apq = new Lru(1000);

  constructor(private readonly options: TrustedDocumentsOptions) {}

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async refresh(): Promise<void> {
    try {
      const answer = await this.options.client.trustedDocuments(this.etag);
      if (answer.kind === 'unchanged') return;
      const byClient = new Map<string, Set<string>>();
      const documents = new Map<string, string>();
      for (const manifest of answer.manifests) {
        let hashes = byClient.get(manifest.client);
        if (!hashes) byClient.set(manifest.client, (hashes = new Set()));
        for (const [hash, document] of Object.entries(manifest.documents)) {
          hashes.add(hash);
          documents.set(hash, document);
        }
      }
      this.byClient = byClient;
      this.documents = documents;
      this.etag = answer.etag ?? undefined;
      this.options.log.info({ clients: [...byClient.keys()], documents: documents.size }, 'trusted documents loaded');
    } catch (error) {
      this.options.log.warn({ err: error }, 'trusted documents not refreshed; keeping the last list');
    }
  }

  /** Whether `hash` may run for this client and caller; null when the rule does not apply (no manifest for the client). */
  allowed(hash: string, clientName: string | null, caller: Caller): boolean | null {
    if (!clientName) return null;
    const hashes = this.byClient.get(clientName);
    if (!hashes) return null;
    if (hasRole(caller, ...this.options.exemptRoles)) return true;
    return hashes.has(hash);
  }

  /**
   * The persisted-query cache Apollo Server asks for a hash-only request: registered documents first,
   * then what clients registered on the fly (APQ), which `enforce` still checks against the list.
   */
  cache() {
    const hashOf = (key: string) => key.slice(key.lastIndexOf(':') + 1);
    return {
      get: async (key: string) => this.documents.get(hashOf(key)) ?? this.apq.get(key),
      set: async (key: string, value: string) => this.apq.set(key, value),
      delete: async (key: string) => this.apq.delete(key),
    };
  }

  plugin<T extends { caller: Caller; log: Logger }>(): ApolloServerPlugin<T> {
    return {
      requestDidStart: async () => ({
        didResolveOperation: async ({ queryHash, request, contextValue, operationName }) => {
          if (!queryHash) return;
          const client = request.http?.headers.get('apollographql-client-name') ?? null;
          const allowed = this.allowed(queryHash, client, contextValue.caller);
          if (allowed !== false) return;
          contextValue.log.warn(
            {
              client,
              version: request.http?.headers.get('apollographql-client-version'),
              hash: queryHash,
              operationName,
              mode: this.options.mode,
            },
            this.options.mode === 'enforce' ? 'unregistered document refused' : 'unregistered document (audit)',
          );
          if (this.options.mode !== 'enforce') return;
          throw new GraphQLError(`This client runs registered documents only: ${client} has not registered this operation`, {
            extensions: { code: ErrorCode.Forbidden, rule: 'PERSISTED_QUERY_NOT_IN_LIST', http: { status: 403 } },
          });
        },
      }),
    };
  }
}
