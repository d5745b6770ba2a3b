import { SpanKind, type Tracer } from '@opentelemetry/api';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { labelledChildren, type ServiceMetrics } from './metrics.js';
import { inSpan } from './tracing.js';

/**
 * Times every root field of a subgraph (queries, mutations, `_entities`): a histogram labelled
 * `Type.field` (the schema bounds the labels) and, with tracing, a span per root field that is active
 * while its resolver runs, so that the SQL it sends nests under it. The time is the root resolver's own,
 * not its children's (those show in the request's time). Nothing is wrapped when both are off.
 */
export function instrumentRootFields(schema: GraphQLSchema, metrics: ServiceMetrics | null, tracer: Tracer | null): void {
  if (!metrics && !tracer) return;
  const duration = metrics?.histogram(
    'cso_graphql_root_field_duration_seconds',
    "Time to resolve a root field (its resolver's own, not its children's)",
    ['field', 'outcome'],
  );
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    if (!type) continue;
    for (const field of Object.values(type.getFields())) {
      const name = `${type.name}.${field.name}`;
      const timer = duration && labelledChildren((outcome) => duration.labels(name, outcome));
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, ctx, info) => {
        const started = performance.now();
        const done = (outcome: 'ok' | 'error') => timer?.(outcome).observe((performance.now() - started) / 1000);
        const run = () => settleWith(() => resolve(source, args, ctx, info), done);
        return tracer
          ? inSpan(tracer, name, { kind: SpanKind.INTERNAL, attributes: { 'graphql.field.name': name } }, run)
          : run();
      };
    }
  }
}

/** Calls `work` and reports how it ended, without making a synchronous result asynchronous. */
function settleWith(work: () => unknown, done: (outcome: 'ok' | 'error') => void): unknown {
  let result: unknown;
  try {
    result = work();
  } catch (error) {
    done('error');
    throw error;
  }
  if (result instanceof Promise) {
    return result.then(
      (value: unknown) => {
        done('ok');
        return value;
      },
      (error: unknown) => {
        done('error');
        throw error;
      },
    );
  }
  done('ok');
  return result;
}
