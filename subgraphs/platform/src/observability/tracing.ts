import type { IncomingMessage } from 'node:http';
import {
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Link,
  type Span,
  type SpanOptions,
  type Tracer,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { RequestHandler } from 'express';
import { requestIdOf } from '../http.js';
import type { ObservabilityConfig } from './config.js';

/** W3C Trace Context (`traceparent`, `tracestate`): the only propagation format used between services and through events. */
const propagator = new W3CTraceContextPropagator();

/** The request id given by the gateway, on every server span (search a trace by the id in a log line). */
export const REQUEST_ID_ATTRIBUTE = 'cso.request_id';

/** A serialized trace context: the W3C headers of the span that was active (kept with an outbox row, sent in an envelope). */
export type TraceCarrier = Record<string, string>;

let contextManagerReady = false;

/**
 * The process's context manager (AsyncLocalStorage), installed once when the first service of the
 * process turns tracing on and kept for the process's life: services sharing a process (development)
 * share it. Without tracing nothing is installed and the API's no-op context costs nothing.
 */
function installContextManager(): void {
  if (contextManagerReady) return;
  const manager = new AsyncLocalStorageContextManager().enable();
  if (!context.setGlobalContextManager(manager)) manager.disable();
  contextManagerReady = true;
}

/**
 * One service's tracer: spans batched and exported over OTLP/HTTP to `<endpoint>/v1/traces`, with the
 * service's name as resource. Root traces are sampled at `OTEL_TRACES_SAMPLER_ARG`; a trace started
 * upstream keeps its decision. The provider is the process's global one only when asked (the gateway,
 * so that Apollo Gateway's own plan and fetch spans join its traces); each subgraph keeps its own.
 */
export class Tracing {
  readonly tracer: Tracer;
  private readonly provider: BasicTracerProvider;
  private registeredGlobally = false;

  constructor(
    readonly service: string,
    endpoint: string,
    options: { sampleRatio: number; scheduleDelayMs: number; global?: boolean },
  ) {
    installContextManager();
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: service }),
      sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.sampleRatio) }),
      spanProcessors: [
        new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` }), {
          scheduledDelayMillis: options.scheduleDelayMs,
        }),
      ],
    });
    if (options.global) this.registeredGlobally = trace.setGlobalTracerProvider(this.provider);
    this.tracer = this.provider.getTracer('cso');
  }

  /** Sends every finished span now (tests, and before a stop). */
  flush(): Promise<void> {
    return this.provider.forceFlush();
  }

  async shutdown(): Promise<void> {
    if (this.registeredGlobally) trace.disable();
    await this.provider.shutdown();
  }
}

/** The service's tracing, or null when OTEL_EXPORTER_OTLP_ENDPOINT is not set (then no span is ever made). */
export function createTracing(config: ObservabilityConfig, service: string, options: { global?: boolean } = {}): Tracing | null {
  if (!config.OTEL_EXPORTER_OTLP_ENDPOINT) return null;
  return new Tracing(config.OTEL_SERVICE_NAME ?? service, config.OTEL_EXPORTER_OTLP_ENDPOINT, {
    sampleRatio: config.OTEL_TRACES_SAMPLER_ARG,
    scheduleDelayMs: config.OTEL_BSP_SCHEDULE_DELAY,
    global: options.global,
  });
}

/** Runs `work` in a new span (a child of the active one unless `parent` is given), ended when it settles. */
export async function inSpan<T>(
  tracer: Tracer,
  name: string,
  options: SpanOptions,
  work: (span: Span) => Promise<T> | T,
  parent: Context = context.active(),
): Promise<T> {
  const span = tracer.startSpan(name, options, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    failSpan(span, error);
    throw error;
  } finally {
    span.end();
  }
}

export function failSpan(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message.slice(0, 200) : undefined });
}

/** The trace context in incoming headers (`traceparent`), or the root context when there is none. */
export function extractTraceContext(headers: Record<string, string | string[] | undefined>): Context {
  return propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
}

/** Adds the active span's `traceparent` (and `tracestate`) to outgoing headers; nothing without an active span. */
export function injectTraceContext(headers: Record<string, string>, from: Context = context.active()): Record<string, string> {
  propagator.inject(from, headers, defaultTextMapSetter);
  return headers;
}

/** The active span's context to keep with an event, or null (tracing off, or nothing traced now). */
export function currentTraceCarrier(): TraceCarrier | null {
  if (!trace.getSpan(context.active())?.isRecording()) return null;
  const carrier = injectTraceContext({});
  return carrier.traceparent ? carrier : null;
}

/** A link to the span a carrier names (the producer of an event), or none. */
export function linksTo(carrier: TraceCarrier | null | undefined): Link[] {
  if (!carrier || typeof carrier.traceparent !== 'string') return [];
  const spanContext = trace.getSpanContext(extractTraceContext(carrier));
  return spanContext && trace.isSpanContextValid(spanContext) ? [{ context: spanContext }] : [];
}

/** The trace id of the active span, for a log line. */
export function activeTraceId(): string | undefined {
  return trace.getSpanContext(context.active())?.traceId;
}

/**
 * Express middleware: a server span for each request, continuing the caller's trace when it sent a
 * `traceparent` (the gateway always does; a client may), carrying the request id, and active while
 * the request is served (Apollo's plugin names it after the operation once it is known).
 */
export function serverSpans(tracing: Tracing): RequestHandler {
  return (req, res, next) => {
    const parent = extractTraceContext(req.headers);
    const span = tracing.tracer.startSpan(
      `${req.method} ${req.baseUrl || req.path}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': req.method,
          'url.path': req.baseUrl || req.path,
          [REQUEST_ID_ATTRIBUTE]: requestIdOf(req as IncomingMessage),
        },
      },
      parent,
    );
    res.once('close', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      if (!res.writableFinished) span.setAttribute('cso.abandoned', true);
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}
