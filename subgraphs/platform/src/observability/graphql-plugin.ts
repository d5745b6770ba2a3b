import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import { context, trace } from '@opentelemetry/api';
import { OPERATION } from './labels.js';
import { labelledChildren, type ServiceMetrics } from './metrics.js';

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
  const counted = metrics && labelledChildren((operation, type) => metrics.requests.labels(operation, type));
  const timed = metrics && labelledChildren((operation, type) => metrics.requestDuration.labels(operation, type));
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
      // One hook per request when not tracing: Apollo Server awaits every hook of every plugin, so each costs.
      const listener: GraphQLRequestListener<T> = {
        async willSendResponse({ operation: definition, operationName, errors }) {
          if (!counted || !timed || !metrics) return;
          // `operation` is set once the document parsed and validated: only then does its name count.
          const operation = definition ? metrics.operations.of(operationName) : OPERATION.invalid;
          const operationType = definition?.operation ?? 'unknown';
          for (const error of errors ?? []) metrics.errors.inc({ operation, code: metrics.codes.of(error.extensions?.code) });
          counted(operation, operationType).inc();
          timed(operation, operationType).observe((performance.now() - started) / 1000);
        },
      };
      if (tracing)
        listener.didResolveOperation = async ({ operation: definition, operationName }) => {
          const operationType = definition?.operation ?? 'unknown';
          const span = trace.getSpan(context.active());
          span?.updateName(`${operationType} ${operationName ?? OPERATION.anonymous}`);
          span?.setAttributes({ 'graphql.operation.type': operationType, 'graphql.operation.name': operationName ?? '' });
        };
      return listener;
    },
  };
}

function codeOf(error: unknown): unknown {
  return (error as { extensions?: { code?: unknown } })?.extensions?.code;
}
