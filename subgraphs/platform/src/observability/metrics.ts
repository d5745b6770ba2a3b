import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from 'pino';
import { BoundedLabel, errorCodeLabels, operationLabels } from './labels.js';

/** Seconds: from a quick cached read to the gateway's request deadline. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** How long the values read at scrape time (pool, outbox, queues) may take before the scrape goes on without them. */
const REFRESH_TIMEOUT_MS = 2000;

type Refresh = () => Promise<void>;

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
  readonly requests: Counter<'operation' | 'operation_type'>;
  readonly requestDuration: Histogram<'operation' | 'operation_type'>;
  readonly errors: Counter<'operation' | 'code'>;
  private readonly tokenFailures: Counter<'reason'>;
  private readonly tokenReasons = new BoundedLabel(20, 'OTHER', /^[A-Z][A-Z0-9_]{0,39}$/);
  private readonly refreshes: { name: string; refresh: Refresh }[] = [];

  constructor(
    readonly service: string,
    private readonly log: Logger,
  ) {
    this.registry.setDefaultLabels({ service });
    // The event-loop delay is sampled every 100 ms rather than prom-client's 10 ms: each sample wakes an idle
    // process, which cost 0.3 % of a core per process on the development machine (ten samples a second still
    // give a scrape's percentiles from 150 samples).
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 100 });
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

  counter<L extends string>(name: string, help: string, labelNames: L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  gauge<L extends string>(name: string, help: string, labelNames: L[] = []): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  histogram<L extends string>(name: string, help: string, labelNames: L[] = [], buckets = LATENCY_BUCKETS): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
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
