import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { GraphQLError, Kind, validate, visit, type DocumentNode, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import type { Caller } from './auth/caller.js';
import { ErrorCode } from './errors.js';
import { MAX_PAGE_SIZE } from './pagination.js';

/**
 * Operation limits shared by the gateway and every subgraph (graphql-armor). Generous enough for
 * the deepest real query (the major-activity chain), tight enough to refuse abuse.
 */
export const OPERATION_LIMITS = {
  maxDepth: 12,
  maxAliases: 15,
  maxTokens: 4000,
  maxDirectives: 20,
  maxCost: 30_000,
} as const;

export function operationLimits(limits: Partial<typeof OPERATION_LIMITS> = {}) {
  const l = { ...OPERATION_LIMITS, ...limits };
  const armor = new ApolloArmor({
    maxDepth: { n: l.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: l.maxAliases },
    // graphql-js's own parser counts tokens (parseOptions below), so a syntax error stays a 400.
    maxTokens: { enabled: false },
    maxDirectives: { n: l.maxDirectives },
    // Cost needs the variables (page sizes are usually variables): see costProblems, run by guardPlugin.
    costLimit: { enabled: false },
    // Suggestions are hidden from the public only, by guardPlugin.
    blockFieldSuggestion: { enabled: false },
  });
  const { plugins, validationRules } = armor.protect();
  return { plugins, validationRules, parseOptions: { maxTokens: l.maxTokens }, maxCost: l.maxCost };
}

/**
 * graphql-armor's cost rule multiplies by literal `first`/`last` values only. Before it runs, page
 * sizes given as variables are written into the document, and every page size is clamped to the
 * largest page (a larger one is refused by the resolver with BAD_USER_INPUT, naming `first`).
 */
export function costErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  maxCost: number,
): readonly GraphQLError[] {
  const pageSize = (n: number) =>
    ({ kind: Kind.INT, value: String(Math.min(Math.max(Math.trunc(n), 0), MAX_PAGE_SIZE)) }) as const;
  const priced = visit(document, {
    Argument(arg) {
      if (arg.name.value !== 'first' && arg.name.value !== 'last') return undefined;
      if (arg.value.kind === Kind.INT) return { ...arg, value: pageSize(Number(arg.value.value)) };
      if (arg.value.kind === Kind.VARIABLE) {
        const value = variables?.[arg.value.name.value];
        return { ...arg, value: pageSize(typeof value === 'number' ? value : MAX_PAGE_SIZE) };
      }
      return undefined;
    },
  });
  const rule = costLimitRule({
    maxCost,
    ignoreIntrospection: true,
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [(context, error) => context?.reportError(error)],
  });
  return validate(schema, priced, [rule]);
}

/** True when a string anywhere in the request holds a NUL, which PostgreSQL text cannot store. */
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === 'object') return Object.values(value).some(hasNul);
  return false;
}

function documentHasNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    StringValue(node) {
      if (node.value.includes('\u0000')) found = true;
    },
  });
  return found;
}

/** Names of the root fields of an operation, through inline fragments and fragment spreads. */
function rootFields(
  selectionSet: SelectionSetNode,
  fragments: Map<string, SelectionSetNode>,
  seen = new Set<string>(),
): string[] {
  return selectionSet.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [s.name.value];
    if (s.kind === Kind.INLINE_FRAGMENT) return rootFields(s.selectionSet, fragments, seen);
    const fragment = fragments.get(s.name.value);
    if (!fragment || seen.has(s.name.value)) return [];
    seen.add(s.name.value);
    return rootFields(fragment, fragments, seen);
  });
}

export interface GuardOptions<TContext> {
  callerOf: (context: TContext) => Caller;
  /** Subgraphs: whether the request came from the gateway (it carries the secret). */
  fromGatewayOf?: (context: TContext) => boolean;
  /** Subgraphs in development may allow `_entities`/`_service` without the gateway secret. */
  allowDirectFederation?: boolean;
  maxCost?: number;
}

const FEDERATION_FIELDS = new Set(['_entities', '_service']);

/**
 * Refuses what a caller may not ask at all: introspection without signing in, and (in subgraphs)
 * `_entities`/`_service` from anyone but the gateway. Hides "Did you mean" suggestions from the public.
 */
export function guardPlugin<TContext extends object>(options: GuardOptions<TContext>): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue, document, request, schema }) {
          if (!operation) return;
          const fragments = new Map(
            document.definitions.flatMap((d) =>
              d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [],
            ),
          );
          const fields = rootFields(operation.selectionSet, fragments);
          if (options.callerOf(contextValue).kind === 'public' && fields.some((f) => f === '__schema' || f === '__type')) {
            throw new GraphQLError('Introspection is available to signed-in users', {
              extensions: { code: ErrorCode.Forbidden, rule: 'INTROSPECTION_REQUIRES_SIGN_IN', http: { status: 403 } },
            });
          }
          if (
            options.fromGatewayOf &&
            !options.allowDirectFederation &&
            !options.fromGatewayOf(contextValue) &&
            fields.some((f) => FEDERATION_FIELDS.has(f))
          ) {
            throw new GraphQLError('_entities and _service are answered to the gateway only', {
              extensions: { code: ErrorCode.Forbidden, rule: 'GATEWAY_ONLY', http: { status: 403 } },
            });
          }
          if (hasNul(request.variables) || documentHasNul(document)) {
            throw new GraphQLError('Text may not contain NUL characters', {
              extensions: {
                code: ErrorCode.InvalidInput,
                fields: [{ field: 'variables', code: 'NUL_CHARACTER', message: 'contains a NUL character' }],
                http: { status: 400 },
              },
            });
          }
          const [costError] = costErrors(schema, document, request.variables, options.maxCost ?? OPERATION_LIMITS.maxCost);
          if (costError) {
            throw new GraphQLError(costError.message.replace(/^Syntax Error: /, ''), {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', rule: 'COST_LIMIT', http: { status: 400 } },
            });
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (options.callerOf(contextValue).kind !== 'public' || response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            if (error.message.includes('Did you mean')) {
              (error as { message: string }).message = error.message.replace(/ ?Did you mean .*\?$/s, '');
            }
          }
        },
      };
    },
  };
}
