import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { GraphQLError, Kind, visit, type DocumentNode, type SelectionSetNode, type ValidationRule } from 'graphql';
import type { Caller } from './auth/caller.js';
import { ErrorCode, type FieldProblem } from './errors.js';
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
    // The cost rule is added below, so that it can step aside for page-size errors.
    costLimit: { enabled: false },
    // Suggestions are hidden from the public only, by hideSuggestionsFromPublic below.
    blockFieldSuggestion: { enabled: false },
  });
  const { plugins, validationRules } = armor.protect();
  const cost = costLimitRule({
    maxCost: l.maxCost,
    ignoreIntrospection: true,
    exposeLimits: true,
    // Report as a validation error (400), as graphql-armor's own set-up does; throwing would be a 500.
    propagateOnRejection: false,
    onReject: [(context, error) => context?.reportError(error)],
  });
  // The cost rule multiplies by literal `first` values: a client asking for `first: 100000` should
  // hear about the page size (BAD_USER_INPUT from the resolver, as with a variable), not about cost.
  const costUnlessPageSizeIsWrong: ValidationRule = (context) =>
    pageSizeProblems(context.getDocument()).length ? {} : cost(context);
  return { plugins, validationRules: [...validationRules, costUnlessPageSizeIsWrong], parseOptions: { maxTokens: l.maxTokens } };
}

/** Page sizes written into the query that are out of range. */
function pageSizeProblems(document: DocumentNode): FieldProblem[] {
  const problems: FieldProblem[] = [];
  visit(document, {
    Field(field) {
      for (const arg of field.arguments ?? []) {
        if ((arg.name.value === 'first' || arg.name.value === 'last') && arg.value.kind === Kind.INT) {
          const n = Number(arg.value.value);
          if (n > MAX_PAGE_SIZE || n < 0) {
            problems.push({
              field: arg.name.value,
              code: n < 0 ? 'NEGATIVE' : 'MAX_PAGE_SIZE_EXCEEDED',
              message: `${field.name.value}(${arg.name.value}:) must be between 0 and ${MAX_PAGE_SIZE}; got ${n}`,
            });
          }
        }
      }
    },
  });
  return problems;
}

/** Names of the root fields of an operation, through inline fragments. */
function rootFields(selectionSet: SelectionSetNode): string[] {
  return selectionSet.selections.flatMap((s) =>
    s.kind === Kind.FIELD ? [s.name.value] : s.kind === Kind.INLINE_FRAGMENT ? rootFields(s.selectionSet) : [],
  );
}

export interface GuardOptions<TContext> {
  callerOf: (context: TContext) => Caller;
  /** Subgraphs: whether the request came from the gateway (it carries the secret). */
  fromGatewayOf?: (context: TContext) => boolean;
  /** Subgraphs in development may allow `_entities`/`_service` without the gateway secret. */
  allowDirectFederation?: boolean;
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
        async didResolveOperation({ operation, contextValue }) {
          if (!operation) return;
          const fields = rootFields(operation.selectionSet);
          if (options.callerOf(contextValue).kind === 'public' && fields.some((f) => f === '__schema' || f === '__type')) {
            throw new GraphQLError('Introspection is available to signed-in users', {
              extensions: { code: ErrorCode.Forbidden, rule: 'INTROSPECTION_REQUIRES_SIGN_IN', http: { status: 403 } },
            });
          }
          if (options.fromGatewayOf && !options.allowDirectFederation && !options.fromGatewayOf(contextValue) && fields.some((f) => FEDERATION_FIELDS.has(f))) {
            throw new GraphQLError('_entities and _service are answered to the gateway only', {
              extensions: { code: ErrorCode.Forbidden, rule: 'GATEWAY_ONLY', http: { status: 403 } },
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
