import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { GraphQLError, Kind, validate, visit, type DocumentNode, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import type { Caller } from './auth/caller.js';
import { ErrorCode } from './errors.js';
import { secretMatches } from './auth/secret.js';

/** The header in which the schema registry presents its credential. */
export const REGISTRY_TOKEN_HEADER = 'x-registry-token';
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

/**
 * {@link costErrors} once per document and page sizes: Apollo Server hands the same DocumentNode for the same
 * query text (its document store), so the names of the variables given as page sizes are found once per
 * document, and the errors are kept per clamped value of those variables (at most 64 sets per document).
 * Rewriting and validating the document on every request cost more than the rest of the guards together.
 */
const costCache = new WeakMap<
  GraphQLSchema,
  WeakMap<DocumentNode, { names: string[]; results: Map<string, readonly GraphQLError[]> }>
>();
const MAX_COST_RESULTS_PER_DOCUMENT = 64;

function pageSizeVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(arg) {
      if ((arg.name.value === 'first' || arg.name.value === 'last') && arg.value.kind === Kind.VARIABLE)
        names.add(arg.value.name.value);
    },
  });
  return [...names];
}

export function cachedCostErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  maxCost: number,
): readonly GraphQLError[] {
  let bySchema = costCache.get(schema);
  if (!bySchema) costCache.set(schema, (bySchema = new WeakMap()));
  let entry = bySchema.get(document);
  if (!entry) bySchema.set(document, (entry = { names: pageSizeVariables(document), results: new Map() }));
  // The same clamping as costErrors: equal keys price the document alike.
  let key = String(maxCost);
  for (const name of entry.names) {
    const value = variables?.[name];
    key += `,${Math.min(Math.max(Math.trunc(typeof value === 'number' ? value : MAX_PAGE_SIZE), 0), MAX_PAGE_SIZE)}`;
  }
  let errors = entry.results.get(key);
  if (errors === undefined) {
    errors = costErrors(schema, document, variables, maxCost);
    if (entry.results.size >= MAX_COST_RESULTS_PER_DOCUMENT) entry.results.clear();
    entry.results.set(key, errors);
  }
  return errors;
}

/** How deep variables may nest: far beyond any input of the schema, far below a stack overflow. */
export const MAX_VARIABLE_DEPTH = 64;

/**
 * What is wrong with the variables as a whole: `NUL_CHARACTER` when a string anywhere holds a NUL
 * (PostgreSQL text cannot store one), `TOO_DEEP` when they nest absurdly. Walks iteratively, so a
 * 5,000-deep array is a client's mistake, not a stack overflow.
 */
export function variablesProblem(value: unknown): 'NUL_CHARACTER' | 'TOO_DEEP' | null {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return 'NUL_CHARACTER';
    } else if (item && typeof item === 'object') {
      if (depth >= MAX_VARIABLE_DEPTH) return 'TOO_DEEP';
      for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push([child, depth + 1]);
    }
  }
  return null;
}

const nulSeen = new WeakMap<DocumentNode, boolean>();

/** Whether a string literal of the document holds a NUL (once per document). */
function documentHasNul(document: DocumentNode): boolean {
  const seen = nulSeen.get(document);
  if (seen !== undefined) return seen;
  let found = false;
  visit(document, {
    StringValue(node) {
      if (node.value.includes('\u0000')) found = true;
    },
  });
  nulSeen.set(document, found);
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
  /** The credential (x-registry-token) with which the schema registry reads `_service` without a user's token. */
  registryToken?: string;
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
          if (!operation) {
            // Apollo leaves this to the executor, whose error would be an internal one: it is the client's mistake.
            throw new GraphQLError(
              request.operationName
                ? `Unknown operation named "${request.operationName}"`
                : 'Name the operation to run: the document holds several',
              { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } },
            );
          }
          if (operation.operation === 'subscription') {
            throw new GraphQLError('Subscriptions are not supported: send a query or a mutation', {
              extensions: { code: ErrorCode.NotSupported, http: { status: 400 } },
            });
          }
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
          // The SDL is for the registry (its credential) and signed-in users only, even from the gateway.
          if (fields.includes('_service') && options.callerOf(contextValue).kind === 'public') {
            const presented = request.http?.headers.get(REGISTRY_TOKEN_HEADER) ?? undefined;
            if (!secretMatches(presented, options.registryToken)) {
              throw new GraphQLError('_service is answered to signed-in users and the schema registry only', {
                extensions: { code: ErrorCode.Unauthenticated, rule: 'SERVICE_SDL_REQUIRES_SIGN_IN', http: { status: 401 } },
              });
            }
          }
          const problem = variablesProblem(request.variables) ?? (documentHasNul(document) ? 'NUL_CHARACTER' : null);
          if (problem) {
            const message =
              problem === 'NUL_CHARACTER' ? 'contains a NUL character' : `nests deeper than ${MAX_VARIABLE_DEPTH} levels`;
            throw new GraphQLError(problem === 'NUL_CHARACTER' ? 'Text may not contain NUL characters' : `Variables ${message}`, {
              extensions: {
                code: ErrorCode.InvalidInput,
                fields: [{ field: 'variables', code: problem, message }],
                http: { status: 400 },
              },
            });
          }
          const [costError] = cachedCostErrors(schema, document, request.variables, options.maxCost ?? OPERATION_LIMITS.maxCost);
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
