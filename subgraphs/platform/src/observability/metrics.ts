import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from 'express';
import { Gauge, Registry, type Metric } from 'prom-client';
import type { Logger } from 'pino';
import { BoundedLabel, errorCodeLabels, operationLabels } from './labels.js';

/** Seconds: from a quick cached read to the gateway's request deadline. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** How long the values read at scrape time (pool, outbox, queues) may take before the scrape goes on without them. */
const REFRESH_TIMEOUT_MS = 2000;

type Refresh = () => Promise<void>;

const requireFromPromClient = createRequire(import.meta.url);
type Collector = (registry: Registry, config: Record<string, unknown>) => void;

/**
 * prom-client's default process metrics (CPU, memory, heap spaces, handles, file descriptors, event-loop
 * delay, versions) but two settings:
 * - No `nodejs_gc_duration_seconds`: its observer of every garbage collection made collections dearer,
 *   2 % of the CPU of a cheap request in every service (`npm run bench -- overhead`), and a GC-bound
 *   process shows in the heap and event-loop series anyway.
 * - The event-loop delay sampled every 100 ms rather than 10 ms: each sample wakes an idle process, which
 *   cost 0.3 % of a core per process on the development machine (ten samples a second still give a
 *   scrape's percentiles from 150 samples).
 */
function collectProcessMetrics(registry: Registry): void {
  const config = { eventLoopMonitoringPrecision: 100 };
  for (const name of [
    'processCpuTotal',
    'processStartTime',
    'osMemoryHeap',
    'processOpenFileDescriptors',
    'processMaxFileDescriptors',
    'eventLoopLag',
    'processResources',
    'processHandles',
    'processRequests',
    'heapSizeAndUsed',
    'heapSpacesSizeAndUsed',
    'version',
  ])
    (requireFromPromClient(`prom-client/lib/metrics/${name}`) as Collector)(registry, config);
}

type Labels<L extends string> = Partial<Record<L, string | number>>;

/**
 * A series' value of the exposition, as prom-client's registry reads it from a metric's `get()`.
 */
interface SeriesValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

/**
 * Counters and histograms of our own on the request path, read by prom-client's registry like its own
 * metrics (`get()`): prom-client's validate and hash the label object on every `inc`/`observe`, which the
 * benchmark found costing more than the rest of the instrumentation. Here a labelled child is a plain
 * object found once per label set (the label values of the hot paths are bounded) and updated in place.
 */
abstract class LeanMetric<L extends string, S> {
  protected readonly series = new Map<string, { labels: Record<string, string>; state: S }>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly L[],
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  protected abstract fresh(): S;

  protected stateOf(values: readonly (string | number | undefined)[]): S {
    const key = values.join('\u0000');
    let entry = this.series.get(key);
    if (entry === undefined) {
      const labels: Record<string, string> = {};
      this.labelNames.forEach((name, i) => {
        if (values[i] !== undefined) labels[name] = String(values[i]);
      });
      this.series.set(key, (entry = { labels, state: this.fresh() }));
    }
    return entry.state;
  }

  protected stateOfLabels(labels: Labels<L> = {}): S {
    return this.stateOf(this.labelNames.map((name) => labels[name]));
  }

  reset(): void {
    this.series.clear();
  }
}

export class LeanCounter<L extends string = string> extends LeanMetric<L, { value: number }> {
  readonly type = 'counter';
  readonly aggregator = 'sum';

  protected fresh() {
    return { value: 0 };
  }

  /** The child of one label set (values in the order of the label names): keep it, and `inc()` it. */
  labels(...values: string[]): { inc: (by?: number) => void } {
    const state = this.stateOf(values);
    return { inc: (by = 1) => void (state.value += by) };
  }

  inc(labels?: Labels<L>, by = 1): void {
    this.stateOfLabels(labels).value += by;
  }

  async get() {
    const values: SeriesValue[] = [...this.series.values()].map(({ labels, state }) => ({ labels, value: state.value }));
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }
}

export class LeanHistogram<L extends string = string> extends LeanMetric<L, { counts: number[]; sum: number; count: number }> {
  readonly type = 'histogram';
  readonly aggregator = 'sum';

  constructor(
    name: string,
    help: string,
    labelNames: readonly L[],
    registry: Registry,
    private readonly buckets: readonly number[],
  ) {
    super(name, help, labelNames, registry);
  }

  protected fresh() {
    return { counts: new Array<number>(this.buckets.length + 1).fill(0), sum: 0, count: 0 };
  }

  private record(state: { counts: number[]; sum: number; count: number }, value: number): void {
    if (!Number.isFinite(value)) return;
    let i = 0;
    while (i < this.buckets.length && value > this.buckets[i]!) i++;
    state.counts[i]!++;
    state.sum += value;
    state.count++;
  }

  /** The child of one label set (values in the order of the label names): keep it, and `observe()` with it. */
  labels(...values: string[]): { observe: (value: number) => void } {
    const state = this.stateOf(values);
    return { observe: (value) => this.record(state, value) };
  }

  observe(labels: Labels<L>, value: number): void {
    this.record(this.stateOfLabels(labels), value);
  }

  async get() {
    const values: SeriesValue[] = [];
    for (const { labels, state } of this.series.values()) {
      let cumulative = 0;
      this.buckets.forEach((bound, i) => {
        cumulative += state.counts[i]!;
        values.push({ labels: { ...labels, le: bound }, value: cumulative, metricName: `${this.name}_bucket` });
      });
      values.push({ labels: { ...labels, le: '+Inf' }, value: state.count, metricName: `${this.name}_bucket` });
      values.push({ labels, value: state.sum, metricName: `${this.name}_sum` });
      values.push({ labels, value: state.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }
}

/**
 * The labelled child of each label set met, kept: prom-client validates and hashes the label object on
 * every `inc`/`observe` otherwise, and the hot paths (every request, fetch and root field) meet only a
 * bounded set of values.
 */
export function labelledChildren<T>(make: (...values: string[]) => T): (...values: string[]) => T {
  const cache = new Map<string, T>();
  return (...values) => {
    const key = values.join('\u0000');
    let child = cache.get(key);
    if (child === undefined) cache.set(key, (child = make(...values)));
    return child;
  };
}

/**
 * One service's metrics: its own registry (several services may share a process in development),
 * every series labelled with `service`, Node's default process metrics, and the GraphQL and token
 * metrics that the gateway and every subgraph have in common. Values read from elsewhere (the pool,
 * the outbox, the queues) are refreshed when scraped.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly operations = operationLabels();
  readonly codes = errorCodeLabels();
  readonly requests: LeanCounter<'operation' | 'operation_type'>;
  readonly requestDuration: LeanHistogram<'operation' | 'operation_type'>;
  readonly errors: LeanCounter<'operation' | 'code'>;
  private readonly tokenFailures: LeanCounter<'reason'>;
  private readonly tokenReasons = new BoundedLabel(20, 'OTHER', /^[A-Z][A-Z0-9_]{0,39}$/);
  private readonly refreshes: { name: string; refresh: Refresh }[] = [];

  constructor(
    readonly service: string,
    private readonly log: Logger,
  ) {
    this.registry.setDefaultLabels({ service });
    collectProcessMetrics(this.registry);
    this.requests = this.counter('cso_graphql_requests_total', 'GraphQL requests answered, by operation', [
      'operation',
      'operation_type',
    ]);
    this.requestDuration = this.histogram(
      'cso_graphql_request_duration_seconds',
      'Time from receiving a GraphQL request to sending its answer',
      ['operation', 'operation_type'],
    );
    this.errors = this.counter('cso_graphql_errors_total', 'GraphQL errors in answers, by extensions.code', [
      'operation',
      'code',
    ]);
    this.tokenFailures = this.counter('cso_auth_token_failures_total', 'Bearer tokens refused, by reason', ['reason']);
  }

  counter<L extends string>(name: string, help: string, labelNames: L[] = []): LeanCounter<L> {
    return new LeanCounter(name, help, labelNames, this.registry);
  }

  gauge<L extends string>(name: string, help: string, labelNames: L[] = []): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  histogram<L extends string>(name: string, help: string, labelNames: L[] = [], buckets = LATENCY_BUCKETS): LeanHistogram<L> {
    return new LeanHistogram(name, help, labelNames, this.registry, buckets);
  }

  /** Values read at scrape time; a read that fails or is slow leaves its gauges as they were (and is logged). */
  onScrape(name: string, refresh: Refresh): void {
    this.refreshes.push({ name, refresh });
  }

  /** Counts one refused token; `error` is what the verifier threw. */
  tokenFailure(error: unknown): void {
    this.tokenFailures.inc({ reason: this.tokenReasons.of(tokenFailureReason(error)) });
  }

  /** The exposition text, after the scrape-time values are refreshed. */
  async render(): Promise<string> {
    await Promise.all(
      this.refreshes.map(async ({ name, refresh }) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`took longer than ${REFRESH_TIMEOUT_MS} ms`)), REFRESH_TIMEOUT_MS);
        });
        try {
          await Promise.race([refresh(), timeout]);
        } catch (error) {
          this.log.warn({ err: error, metrics: name }, 'metrics: a scrape-time value could not be read');
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/**
 * Why a token was refused, from what the verifier threw: the JOSE code it names (`ERR_JWT_EXPIRED`),
 * `INVALID_CLAIMS`, `TOKEN_REVOKED`, a malformed header, or an identity provider that did not answer.
 */
export function tokenFailureReason(error: unknown): string {
  const code = (error as { extensions?: { code?: unknown } })?.extensions?.code;
  if (code === 'SERVICE_UNAVAILABLE') return 'IDP_UNAVAILABLE';
  const message = error instanceof Error ? error.message : '';
  const named = /\(([A-Z][A-Z0-9_]+)\)/.exec(message);
  if (named) return named[1]!;
  if (message.startsWith('Authorization must be')) return 'MALFORMED_HEADER';
  return 'INVALID';
}

/**
 * Wraps a token check so that every refusal is counted (and still thrown); `isRefusal` picks the
 * errors that are about the token when the wrapped work can fail otherwise too (a rate limit).
 */
export function countingTokenFailures<A extends unknown[], R>(
  metrics: ServiceMetrics | null,
  check: (...args: A) => Promise<R>,
  isRefusal: (error: unknown) => boolean = () => true,
): (...args: A) => Promise<R> {
  if (!metrics) return check;
  return async (...args) => {
    try {
      return await check(...args);
    } catch (error) {
      if (isRefusal(error)) metrics.tokenFailure(error);
      throw error;
    }
  };
}

/** An error reading the caller: a refused token (UNAUTHENTICATED) or an identity provider that did not answer. */
export function isAuthenticationFailure(error: unknown): boolean {
  const code = (error as { extensions?: { code?: unknown } })?.extensions?.code;
  return code === 'UNAUTHENTICATED' || code === 'SERVICE_UNAVAILABLE';
}

/** `GET /metrics` on an express app. */
export function metricsRoute(metrics: ServiceMetrics): RequestHandler {
  return async (_req, res) => {
    const body = await metrics.render();
    res.setHeader('content-type', metrics.contentType);
    res.setHeader('cache-control', 'no-store');
    res.end(body);
  };
}

export interface MetricsListener {
  port: number;
  url: string;
  close: () => Promise<void>;
}

/** A listener of its own that answers `GET /metrics` and nothing else (METRICS_PORT). */
export async function listenForMetrics(metrics: ServiceMetrics, port: number, host: string): Promise<MetricsListener> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    metrics.render().then(
      (body) => res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' }).end(body),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `http://127.0.0.1:${actual}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
