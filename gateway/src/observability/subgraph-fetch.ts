import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { inSpan, labelledChildren, type Telemetry } from '@cso/platform';

/** How one fetch to a subgraph ended: an answer, an answer with GraphQL errors, or none (unreachable, timed out, not GraphQL). */
export type FetchOutcome = 'ok' | 'errors' | 'failed';

/**
 * Wraps each subgraph fetch of the gateway: timed per subgraph and outcome, and, with tracing, run in a
 * client span whose context the fetch's headers carry on (`traceparent`), so that the subgraph's spans
 * are its children. Undefined when metrics and tracing are both off: the fetch runs as it is.
 */
export type SubgraphFetchObserver = <T>(subgraph: string, fetch: () => Promise<T>) => Promise<T>;

export function subgraphFetchObserver(telemetry: Telemetry): SubgraphFetchObserver | undefined {
  const { metrics, tracing } = telemetry;
  if (!metrics && !tracing) return undefined;
  const duration = metrics?.histogram(
    'cso_gateway_subgraph_fetch_duration_seconds',
    'Time of one fetch from the gateway to a subgraph, by outcome',
    ['subgraph', 'outcome'],
  );
  const timer = duration && labelledChildren((subgraph, outcome) => duration.labels(subgraph, outcome));
  const timed = async <T>(subgraph: string, fetch: () => Promise<T>, onOutcome?: (outcome: FetchOutcome) => void) => {
    const started = performance.now();
    let outcome: FetchOutcome = 'failed';
    try {
      const answer = await fetch();
      outcome = hasErrors(answer) ? 'errors' : 'ok';
      return answer;
    } finally {
      timer?.(subgraph, outcome).observe((performance.now() - started) / 1000);
      onOutcome?.(outcome);
    }
  };
  if (!tracing) return timed;
  return (subgraph, fetch) =>
    inSpan(tracing.tracer, `fetch ${subgraph}`, { kind: SpanKind.CLIENT, attributes: { 'cso.subgraph': subgraph } }, (span) =>
      timed(subgraph, fetch, (outcome) => {
        span.setAttribute('cso.fetch.outcome', outcome);
        if (outcome === 'failed') span.setStatus({ code: SpanStatusCode.ERROR });
      }),
    );
}

function hasErrors(answer: unknown): boolean {
  const errors = (answer as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) && errors.length > 0;
}
