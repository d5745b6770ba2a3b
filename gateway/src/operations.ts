import type { ApolloServerPlugin } from '@apollo/server';
import { usageReportingSignature } from '@apollo/utils.usagereporting';
import type { Logger } from '@cso/platform';
import { parse } from 'graphql';
import type { RegistryClient, ReportedOperation } from './registry-client.js';

interface Usage {
  hash: string;
  clientName: string;
  clientVersion: string;
  count: number;
  lastSeen: number;
}

interface Document {
  text: string;
  name: string | null;
  kind: string | null;
}

export interface RecorderOptions {
  client: RegistryClient;
  flushMs: number;
  log: Logger;
  /** Distinct (document, client, version) entries kept between flushes; beyond it new ones are dropped (and counted). */
  maxEntries?: number;
}

const header = (value: string | null | undefined) => (value ?? '').slice(0, 200);

/**
 * Records the operations this gateway executes, for the registry's operation checks: per document
 * hash (sha256 of the text, as Apollo Server computes it) and client name and version (the
 * `apollographql-client-name` / `-version` headers), a count and when it was last seen. On the
 * request path this is one Map update; the normalized signature (Apollo's usage-reporting
 * signature: literals stripped, fields sorted) is computed at flush, once per document, and the
 * batch is sent every `flushMs` in the background, never awaited by a request. A failed flush keeps
 * its counts for the next one.
 */
/** Counts by document hash, then client name, then client version: lookups without building a key string. */
type UsageMap = Map<string, Map<string, Map<string, Usage>>>;

function* usesOf(usage: UsageMap): Generator<Usage> {
  for (const byClient of usage.values()) for (const byVersion of byClient.values()) yield* byVersion.values();
}

export class OperationRecorder {
  private usage: UsageMap = new Map();
  private entries = 0;
  private documents = new Map<string, Document>();
  private signatures = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> | null = null;
  private dropped = 0;

  constructor(private readonly options: RecorderOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.options.flushMs);
    this.timer.unref();
  }

  /** Flushes what is left (at shutdown), waiting two seconds at most: a registry that is down never holds a shutdown. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.flush(), new Promise<void>((resolve) => (timer = setTimeout(resolve, 2000)))]);
    clearTimeout(timer);
  }

  record(hash: string, text: string, name: string | null, kind: string | null, clientName: string, clientVersion: string): void {
    const seen = this.usage.get(hash)?.get(clientName)?.get(clientVersion);
    if (seen) {
      seen.count += 1;
      seen.lastSeen = Date.now();
      return;
    }
    if (!this.add({ hash, clientName, clientVersion, count: 1, lastSeen: Date.now() })) return;
    if (!this.documents.has(hash)) this.documents.set(hash, { text, name, kind });
  }

  /** A new entry (or counts merged into an existing one); false when the recorder is full. */
  private add(use: Usage): boolean {
    let byClient = this.usage.get(use.hash);
    let byVersion = byClient?.get(use.clientName);
    const seen = byVersion?.get(use.clientVersion);
    if (seen) {
      seen.count += use.count;
      seen.lastSeen = Math.max(seen.lastSeen, use.lastSeen);
      return true;
    }
    if (this.entries >= (this.options.maxEntries ?? 10_000)) {
      this.dropped += 1;
      return false;
    }
    if (!byClient) this.usage.set(use.hash, (byClient = new Map()));
    if (!byVersion) byClient.set(use.clientName, (byVersion = new Map()));
    byVersion.set(use.clientVersion, use);
    this.entries += 1;
    return true;
  }

  /** Sends the counts gathered since the last flush (one flush at a time). */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (!this.entries) return Promise.resolve();
    const usage = this.usage;
    const documents = this.documents;
    this.usage = new Map();
    this.entries = 0;
    this.documents = new Map();
    const batch: ReportedOperation[] = [...usesOf(usage)].flatMap((u) => {
      const doc = documents.get(u.hash);
      if (!doc) return [];
      return [
        {
          hash: u.hash,
          document: doc.text,
          signature: this.signatureOf(u.hash, doc),
          name: doc.name,
          kind: doc.kind,
          clientName: u.clientName,
          clientVersion: u.clientVersion,
          count: u.count,
          lastSeen: new Date(u.lastSeen).toISOString(),
        },
      ];
    });
    if (this.dropped) {
      this.options.log.warn({ dropped: this.dropped }, 'operation recorder full between flushes: some uses were not counted');
      this.dropped = 0;
    }
    this.flushing = this.options.client
      .reportOperations(batch)
      .catch((error: unknown) => {
        // Keep the counts: they go with the next flush.
        for (const u of usesOf(usage)) this.add(u);
        for (const [hash, doc] of documents) if (!this.documents.has(hash)) this.documents.set(hash, doc);
        this.options.log.warn({ err: error, operations: batch.length }, 'operations not reported to the registry; will retry');
      })
      .finally(() => {
        this.flushing = null;
      });
    return this.flushing;
  }

  private signatureOf(hash: string, doc: Document): string {
    let signature = this.signatures.get(hash);
    if (signature === undefined) {
      try {
        signature = usageReportingSignature(parse(doc.text), doc.name ?? '');
      } catch {
        signature = doc.text;
      }
      if (this.signatures.size > 5000) this.signatures.clear();
      this.signatures.set(hash, signature);
    }
    return signature;
  }

  /** The Apollo Server plugin: counts every operation that reaches execution. */
  plugin<T extends object>(): ApolloServerPlugin<T> {
    return {
      requestDidStart: async () => ({
        executionDidStart: async ({ queryHash, source, operationName, operation, request }) => {
          if (!queryHash || !source) return;
          const headers = request.http?.headers;
          this.record(
            queryHash,
            source,
            operationName ?? null,
            operation?.operation ?? null,
            header(headers?.get('apollographql-client-name')),
            header(headers?.get('apollographql-client-version')),
          );
        },
      }),
    };
  }
}
