import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GATEWAY_SECRET_HEADER, injectTraceContext, type Logger } from '@cso/platform';
import { Kind, parse, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { Agent, type Dispatcher } from 'undici';
import type { GatewayContext } from './context.js';
import type { SubgraphFetchObserver } from './observability/index.js';
import {
  batchesOf,
  failedFetches,
  mergeFetches,
  mergeKey,
  mergeVariables,
  refusedDocument,
  shapeOf,
  splitAnswer,
  type BatchLimits,
  type FetchAnswer,
} from './batching.js';
import { dedupeRepresentations, fanOutEntities } from './representations.js';

/** Headers of the client's request that travel on to the subgraph (others stay at the gateway). */
const FORWARDED = ['idempotency-key', 'x-correlation-id', 'apollographql-client-name', 'apollographql-client-version'];

/** How many per-field errors one failed fetch reports at most; a summary error stands for the rest. */
const MAX_FIELD_ERRORS = 50;

type Response = Awaited<ReturnType<GraphQLDataSource<GatewayContext>['process']>>;

export interface SourceOptions {
  name: string;
  url: string;
  secret: string | undefined;
  timeoutMs: number;
  log: Logger;
  /** At most this many connections to the subgraph (kept alive between fetches); more fetches wait for one. */
  connections?: number;
  /** Times each fetch and runs it in a trace span (metrics and tracing; absent when both are off). */
  observe?: SubgraphFetchObserver;
  /** Sibling queries of one request to this subgraph share one request (default on; see batching.ts). */
  batching?: boolean;
  /** The limits a merged request stays within (default: the subgraphs' operation limits). */
  batchLimits?: BatchLimits;
}

/** One fetch the planner handed over: its options, and its document when known. */
interface Fetch {
  options: GraphQLDataSourceProcessOptions<GatewayContext>;
  document: DocumentNode | undefined;
  operation: OperationDefinitionNode | undefined;
}

interface Queued {
  fetch: Fetch;
  resolve: (response: Response) => void;
  reject: (error: unknown) => void;
}

/** Connections per subgraph: enough for the gateway's concurrency on a small machine, bounded so a burst cannot exhaust the subgraph. */
export const DEFAULT_SUBGRAPH_CONNECTIONS = 32;

/** Why a subgraph could not answer, for the log and the client (never its address or body). */
class SubgraphFailure extends Error {
  constructor(
    readonly reason: 'UNREACHABLE' | 'TIMEOUT' | 'BAD_RESPONSE',
    readonly detail: Record<string, unknown>,
  ) {
    super(reason);
  }
}

const RETRYABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET']);

/** Connection refused or reset (or a kept-alive connection the subgraph had closed): a read may be sent again. */
function isRetryableConnectionError(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  const cause = (error as { cause?: { code?: string } })?.cause;
  return RETRYABLE.has(code ?? '') || RETRYABLE.has(cause?.code ?? '');
}

const TIMEOUTS = new Set(['UND_ERR_ABORTED', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function isTimeout(error: unknown): boolean {
  const { name, code } = (error ?? {}) as { name?: string; code?: string };
  return name === 'TimeoutError' || name === 'AbortError' || TIMEOUTS.has(code ?? '');
}

function parseJson(text: string): { data?: unknown; errors?: unknown } | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as { data?: unknown; errors?: unknown }) : null;
  } catch {
    return null;
  }
}

function operationOf(document: DocumentNode | undefined): OperationDefinitionNode | undefined {
  return document?.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
}

/** Response keys a selection set asks for (through inline fragments). */
function responseKeys(selectionSet: SelectionSetNode | undefined): string[] {
  if (!selectionSet) return [];
  return selectionSet.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return s.name.value === '__typename' ? [] : [s.alias?.value ?? s.name.value];
    if (s.kind === Kind.INLINE_FRAGMENT) return responseKeys(s.selectionSet);
    return [];
  });
}

/**
 * Calls one subgraph for the gateway: with the caller's token, the gateway's secret and request id,
 * a deadline (the fetch's own timeout and the whole request's), and forwarding only chosen headers.
 *
 * When the subgraph cannot answer (refused, reset, timed out, or a response that is not GraphQL),
 * the fields this fetch was to fill are marked `SERVICE_UNAVAILABLE` naming the subgraph, each with its
 * path, and the rest of the answer still arrives; the address, status and body are logged with the
 * request id, never sent to the client. A read whose connection was refused or reset is tried once more
 * (a mutation never is: it may have run). Queries of one request to this subgraph started in the same
 * tick (siblings in the plan) are sent as one merged request (batching.ts).
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  /** Keep-alive connections to this subgraph, at most `connections` at once. */
  private readonly dispatcher: Dispatcher;
  private readonly origin: string;
  private readonly path: string;
  /** Fetch documents parsed from their text, when the planner did not hand the document over (bounded). */
  private readonly documents = new Map<string, DocumentNode>();
  /** Per request (its context), the queries to this subgraph waiting for the current tick to end. */
  private readonly pending = new WeakMap<object, Queued[]>();
  /** Merged texts this subgraph refused: their fetches are sent apart. */
  private readonly refused = new Set<string>();

  constructor(private readonly options: SourceOptions) {
    // The fetch's own deadline is undici's, with no timer or signal made per fetch: the answer's headers
    // within `timeoutMs`, then no pause in its body longer than that (the request's deadline bounds the whole).
    this.dispatcher = new Agent({
      connections: options.connections ?? DEFAULT_SUBGRAPH_CONNECTIONS,
      pipelining: 1,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    const url = new URL(options.url);
    this.origin = url.origin;
    this.path = `${url.pathname}${url.search}`;
  }

  private documentOf(query: string): DocumentNode {
    let document = this.documents.get(query);
    if (!document) {
      if (this.documents.size >= 1000) this.documents.clear();
      this.documents.set(query, (document = parse(query)));
    }
    return document;
  }

  /** Closes the kept-alive connections (when the gateway stops or swaps this source out). */
  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  /** The headers of one fetch: the gateway's secret, the request id, the caller's token, chosen client headers. */
  private headers(context: Partial<GatewayContext>): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.options.secret) headers[GATEWAY_SECRET_HEADER] = this.options.secret;
    if (context.requestId) headers['x-request-id'] = context.requestId;
    if (context.authorization) headers.authorization = context.authorization;
    for (const name of FORWARDED) {
      const value = context.forwardedHeaders?.[name];
      if (value) headers[name] = value;
    }
    // W3C traceparent of the fetch's span when tracing: the subgraph continues the trace.
    return injectTraceContext(headers);
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<Response> {
    const document =
      'document' in options && options.document
        ? options.document
        : options.request.query
          ? this.documentOf(options.request.query)
          : undefined;
    const fetch: Fetch = { options, document, operation: document ? operationOf(document) : undefined };
    // A query may share one request with its siblings to this subgraph (see batching.ts).
    if (
      this.options.batching !== false &&
      document &&
      options.request.query &&
      fetch.operation?.operation === 'query' &&
      typeof options.context === 'object' &&
      options.context !== null
    )
      return this.enqueue(fetch);
    return this.fetchOne(fetch);
  }

  /**
   * Joins the fetch to its request's batch for this subgraph. The plan starts sibling fetches together
   * (one `Promise.all`); the batch closes once the current job and the promise jobs it queued are done.
   */
  private enqueue(fetch: Fetch): Promise<Response> {
    const key = fetch.options.context as object;
    let batch = this.pending.get(key);
    if (!batch) {
      const open: Queued[] = [];
      this.pending.set(key, (batch = open));
      void Promise.resolve().then(() =>
        process.nextTick(() => {
          this.pending.delete(key);
          this.flush(open);
        }),
      );
    }
    const queued = batch;
    return new Promise<Response>((resolve, reject) => queued.push({ fetch, resolve, reject }));
  }

  private flush(queued: Queued[]): void {
    const settle = (group: Queued[], answers: Promise<Response[]>) =>
      answers.then(
        (responses) => group.forEach((q, i) => q.resolve(responses[i]!)),
        (error: unknown) => group.forEach((q) => q.reject(error)),
      );
    let groups: Queued[][];
    try {
      groups = batchesOf(queued, (q) => shapeOf(q.fetch.document!, q.fetch.options.request.query!), {
        limits: this.options.batchLimits,
        refused: (group) => this.refused.has(mergeKey(group.map((q) => q.fetch.options.request.query!))),
      });
    } catch {
      // Whatever stops the grouping must not leave a fetch waiting: each goes alone.
      groups = queued.map((q) => [q]);
    }
    for (const group of groups)
      void settle(
        group,
        group.length === 1 ? this.fetchOne(group[0]!.fetch).then((r) => [r]) : this.fetchMerged(group.map((q) => q.fetch)),
      );
  }

  /** One fetch, one request. */
  private async fetchOne(fetch: Fetch): Promise<Response> {
    const { options, operation } = fetch;
    const context = options.context as Partial<GatewayContext>;
    const isRead = operation?.operation !== 'mutation';
    const { query, operationName } = options.request;
    // An entity fetch sends each distinct representation once; the answers go back to every position that asked.
    const deduped = dedupeRepresentations(options.request.variables);
    const body = JSON.stringify({ query, variables: deduped?.variables ?? options.request.variables, operationName });
    try {
      const response = await this.request(body, context, isRead);
      return deduped ? (fanOutEntities(response, deduped.positions) as Response) : response;
    } catch (error) {
      return this.unavailable(options, context, operation, error);
    }
  }

  /** One request, timed and traced; a read whose connection was refused or reset is sent once more. */
  private async request(body: string, context: Partial<GatewayContext>, isRead: boolean): Promise<Response> {
    const send = () => this.send(body, context);
    for (let attempt = 1; ; attempt++) {
      try {
        return await (this.options.observe ? this.options.observe(this.options.name, send) : send());
      } catch (error) {
        if (isRead && attempt === 1 && isRetryableConnectionError(error)) continue;
        throw error;
      }
    }
  }

  /**
   * Sibling queries in one request: merged into one operation, the answer split back into each one's.
   * A merged document the subgraph refuses is sent apart (and not merged again); when one fetch's failure
   * nulls the whole answer, that fetch keeps its errors and its siblings are sent again, so that what fails
   * for one cannot take its siblings' answers with it; an error of the whole request is every fetch's.
   */
  private async fetchMerged(fetches: Fetch[]): Promise<Response[]> {
    const context = fetches[0]!.options.context as Partial<GatewayContext>;
    const deduped = fetches.map((f) => dedupeRepresentations(f.options.request.variables));
    const merged = mergeFetches(
      fetches.map((f) => ({
        document: f.document!,
        query: f.options.request.query!,
        operationName: f.options.request.operationName,
      })),
    );
    const variables = mergeVariables(fetches.map((f, i) => deduped[i]?.variables ?? f.options.request.variables));
    const body = JSON.stringify({ query: merged.query, variables, operationName: merged.operationName });
    const apart = () => Promise.all(fetches.map((f) => this.fetchOne(f)));
    let answer: Response;
    try {
      answer = await this.request(body, context, true);
    } catch (error) {
      // Not a GraphQL answer (a body limit, a proxy's page): the merged request may be what it refused.
      if (error instanceof SubgraphFailure && error.reason === 'BAD_RESPONSE') {
        this.refuse(merged.key);
        return apart();
      }
      // Refused, reset twice or timed out: the subgraph did not answer, as it would not have answered each.
      return fetches.map((f) => this.unavailable(f.options, context, f.operation, error));
    }
    const parts = splitAnswer(answer as FetchAnswer, fetches.length);
    // Each fetch's part, its entities and their errors back at the positions it sent.
    const answerOf = (i: number): Response => {
      const positions = deduped[i]?.positions;
      return (positions ? fanOutEntities(parts[i]!, positions) : parts[i]) as Response;
    };
    if (answer.data == null) {
      // The subgraph refused the merged document (a limit the grouping did not foresee): never merge these again.
      if (refusedDocument(answer as FetchAnswer)) {
        this.refuse(merged.key);
        return apart();
      }
      // One fetch's failure nulled the whole answer: it keeps its errors, the others are sent apart. An error
      // of the whole request (no fetch's path: a refused token, say) is every fetch's answer, as it would have been.
      const failed = failedFetches(answer as FetchAnswer);
      if (failed.size) return Promise.all(fetches.map((f, i) => (failed.has(i) ? answerOf(i) : this.fetchOne(f))));
    }
    return parts.map((_, i) => answerOf(i));
  }

  /** Remembers merged texts a subgraph refused (bounded): those fetches are sent apart from then on. */
  private refuse(key: string): void {
    if (this.refused.size >= 1000) this.refused.clear();
    this.refused.add(key);
  }

  private async send(body: string, context: Partial<GatewayContext>): Promise<Response> {
    let status: number;
    let text: string;
    try {
      const response = await this.dispatcher.request({
        origin: this.origin,
        path: this.path,
        method: 'POST',
        headers: this.headers(context),
        body,
        signal: context.signal,
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      if (isTimeout(error)) throw new SubgraphFailure('TIMEOUT', { error: String(error) });
      const code = (error as { code?: string }).code;
      throw Object.assign(new SubgraphFailure('UNREACHABLE', { error: String(error) }), {
        cause: (error as { cause?: unknown }).cause ?? (code ? { code } : undefined),
      });
    }
    const parsed = parseJson(text);
    // A GraphQL answer, whatever its status (a subgraph refuses a request with 4xx and GraphQL errors).
    if (parsed && (Array.isArray(parsed.errors) || 'data' in parsed)) return parsed as Response;
    throw new SubgraphFailure('BAD_RESPONSE', { status, body: text.slice(0, 500) });
  }

  /** The errors of a fetch that got no answer: one per field it was to fill, each with its path. */
  private unavailable(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
    context: Partial<GatewayContext>,
    operation: OperationDefinitionNode | undefined,
    error: unknown,
  ): Response {
    const reason = error instanceof SubgraphFailure ? error.reason : 'UNREACHABLE';
    context.log?.warn(
      {
        subgraph: this.options.name,
        url: this.options.url,
        reason,
        ...(error instanceof SubgraphFailure ? error.detail : { err: error }),
      },
      'subgraph fetch failed',
    );
    const message =
      reason === 'TIMEOUT'
        ? `The ${this.options.name} service did not answer in time; try again shortly`
        : `The ${this.options.name} service is unavailable; try again shortly`;
    const extensions = { code: 'SERVICE_UNAVAILABLE', service: this.options.name, reason };
    const root = operation?.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
    const representations = (options.request.variables?.representations as unknown[] | undefined) ?? null;
    let paths: (string | number)[][];
    if (root?.kind === Kind.FIELD && root.name.value === '_entities' && representations) {
      const keys = responseKeys(root.selectionSet);
      paths = representations.flatMap((_, i) => (keys.length ? keys.map((k) => ['_entities', i, k]) : [['_entities', i]]));
    } else {
      paths = responseKeys(operation?.selectionSet).map((k) => [k]);
    }
    const errors: { message: string; path?: (string | number)[]; extensions: typeof extensions }[] = paths
      .slice(0, MAX_FIELD_ERRORS)
      .map((path) => ({ message, path, extensions }));
    if (paths.length > MAX_FIELD_ERRORS || !errors.length) errors.push({ message, extensions });
    return { errors } as unknown as Response;
  }
}
