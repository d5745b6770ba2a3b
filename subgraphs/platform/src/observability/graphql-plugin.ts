import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { context, trace } from '@opentelemetry/api';
import { OPERATION } from './labels.js';
import type { ServiceMetrics } from './metrics.js';

/**
 * Per GraphQL request: counts it and its errors (by `extensions.code`) and times it, labelled by
 * its operation, whose name counts only once the operation parsed and validated (a capped set of
 * names; see labels.ts); a request refused before it was read (bad token, rate limit) is
 * `(rejected)`. With tracing, the request's server span is named after the operation.
 */
export function observabilityPlugin<T extends BaseContext>(
  metrics: ServiceMetrics | null,
  tracing: boolean,
): ApolloServerPlugin<T> {
  return {
    async contextCreationDidFail({ error }) {
      if (!metrics) return;
      metrics.requests.inc({ operation: OPERATION.rejected, operation_type: 'unknown' });
      metrics.errors.inc({ operation: OPERATION.rejected, code: metrics.codes.of(codeOf(error)) });
    },
    async invalidRequestWasReceived({ error }) {
      if (!metrics) return;
      metrics.requests.inc({ operation: OPERATION.invalid, operation_type: 'unknown' });
      metrics.errors.inc({ operation: OPERATION.invalid, code: metrics.codes.of(codeOf(error) ?? 'BAD_REQUEST') });
    },
    async requestDidStart() {
      const started = performance.now();
      let operation: string = OPERATION.invalid;
      let operationType = 'unknown';
      return {
        async didResolveOperation({ operation: definition, operationName }) {
          operationType = definition?.operation ?? 'unknown';
          if (metrics) operation = metrics.operations.of(operationName);
          if (tracing) {
            const span = trace.getSpan(context.active());
            span?.updateName(`${operationType} ${operationName ?? OPERATION.anonymous}`);
            span?.setAttributes({ 'graphql.operation.type': operationType, 'graphql.operation.name': operationName ?? '' });
          }
        },
        async didEncounterErrors({ errors }) {
          if (!metrics) return;
          for (const error of errors) metrics.errors.inc({ operation, code: metrics.codes.of(error.extensions?.code) });
        },
        async willSendResponse() {
          if (!metrics) return;
          const labels = { operation, operation_type: operationType };
          metrics.requests.inc(labels);
          metrics.requestDuration.observe(labels, (performance.now() - started) / 1000);
        },
      };
    },
  };
}

function codeOf(error: unknown): unknown {
  return (error as { extensions?: { code?: unknown } })?.extensions?.code;
}
