import { OPERATION_LIMITS } from '@cso/platform';
import {
  Kind,
  Lexer,
  print,
  Source,
  TokenKind,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';

/**
 * Sibling fetches to one subgraph in one request. `@apollo/gateway`'s planner sends every fetch of a
 * plan's parallel step as a request of its own, even when several go to the same subgraph (the
 * major-activity report's chain asks the street subgraph three things at once). The data source merges
 * the queries it is handed in the same tick into one operation ({@link mergeFetches}): each fetch's
 * root fields, variables and fragments get a prefix of their own (`_0_`, `_1_`, …), so that nothing of
 * one can meet anything of another; {@link splitAnswer} hands each fetch back its own fields and errors
 * under their original names. Mutations are never merged (their root fields run in order), nor are
 * documents whose root selects through fragments or whose operation carries directives.
 *
 * The merged document must pass the subgraph's operation limits like any other: fetches are grouped only
 * while the sum of their aliases, directives and tokens stays within them ({@link batchesOf}). What that
 * estimate misses (the cost rule sums the siblings' costs; a fragment spread twice counts twice) makes the
 * subgraph refuse the merged document ({@link refusedDocument}): the data source then sends those fetches
 * apart and remembers not to merge them again.
 *
 * What merging changes: the siblings share one deadline and one outcome of the request (a timeout or a
 * refused connection reaches each of them, as it would have reached each alone), and a step after one of
 * them waits for the slowest of the batch. The subgraph counts one request, named after the first fetch.
 */

/** What merging needs to know of one fetch's document (computed once per document). */
export interface FetchShape {
  /** A query whose root selections are all fields, with no directives on the operation. */
  mergeable: boolean;
  /** Aliases the document has, and the root fields that merging gives an alias. */
  aliases: number;
  unaliasedRootFields: number;
  directives: number;
  tokens: number;
}

const shapes = new WeakMap<DocumentNode, FetchShape>();

function operationOf(document: DocumentNode): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operations.length === 1 ? operations[0] : undefined;
}

/** The shape of a fetch's document; `query` is its text (for counting tokens as the subgraph's parser does). */
export function shapeOf(document: DocumentNode, query: string): FetchShape {
  let shape = shapes.get(document);
  if (shape) return shape;
  const operation = operationOf(document);
  const mergeable =
    operation !== undefined &&
    operation.operation === 'query' &&
    !operation.directives?.length &&
    operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD);
  let aliases = 0;
  let directives = 0;
  visit(document, {
    Field(node) {
      if (node.alias) aliases++;
    },
    Directive() {
      directives++;
    },
  });
  let tokens = 0;
  const lexer = new Lexer(new Source(query));
  while (lexer.advance().kind !== TokenKind.EOF) tokens++;
  const unaliasedRootFields = operation
    ? operation.selectionSet.selections.filter((s) => s.kind === Kind.FIELD && !s.alias).length
    : 0;
  shapes.set(document, (shape = { mergeable, aliases, unaliasedRootFields, directives, tokens }));
  return shape;
}

/** The operation limits a merged document must stay within (the subgraphs' own). */
export interface BatchLimits {
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  /** At most this many fetches in one request. */
  maxFetches: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = {
  maxAliases: OPERATION_LIMITS.maxAliases,
  maxDirectives: OPERATION_LIMITS.maxDirectives,
  maxTokens: OPERATION_LIMITS.maxTokens,
  maxFetches: 8,
};

/**
 * The fetches grouped in order into batches that each fit the limits (a batch of one is sent as it is).
 * A fetch that cannot be merged is a batch of its own.
 */
export function batchesOf<T>(
  fetches: readonly T[],
  shape: (fetch: T) => FetchShape,
  options: { limits?: BatchLimits; refused?: (batch: T[]) => boolean } = {},
): T[][] {
  const limits = options.limits ?? DEFAULT_BATCH_LIMITS;
  const batches: T[][] = [];
  let current: T[] = [];
  let aliases = 0;
  let directives = 0;
  let tokens = 0;
  for (const fetch of fetches) {
    const s = shape(fetch);
    if (!s.mergeable) {
      batches.push([fetch]);
      continue;
    }
    // Each root field gains an alias (two tokens: the alias and its colon) and the operation one header.
    const a = s.aliases + s.unaliasedRootFields;
    const t = s.tokens + 2 * s.unaliasedRootFields;
    const fits =
      current.length < limits.maxFetches &&
      aliases + a <= limits.maxAliases &&
      directives + s.directives <= limits.maxDirectives &&
      tokens + t <= limits.maxTokens;
    if (!fits && current.length) {
      batches.push(current);
      current = [];
      aliases = directives = tokens = 0;
    }
    current.push(fetch);
    aliases += a;
    directives += s.directives;
    tokens += t;
  }
  if (current.length) batches.push(current);
  // A batch the subgraph refused before is sent apart.
  return options.refused ? batches.flatMap((b) => (b.length > 1 && options.refused!(b) ? b.map((f) => [f]) : [b])) : batches;
}

const prefixOf = (index: number) => `_${index}_`;

/** One fetch's operation and fragments with every name that could meet another fetch's prefixed. */
function prefixed(
  document: DocumentNode,
  prefix: string,
): { operation: OperationDefinitionNode; fragments: FragmentDefinitionNode[] } {
  const renamed = visit(document, {
    Variable: (node) => ({ ...node, name: { ...node.name, value: prefix + node.name.value } }),
    FragmentSpread: (node) => ({ ...node, name: { ...node.name, value: prefix + node.name.value } }),
    FragmentDefinition: (node) => ({ ...node, name: { ...node.name, value: prefix + node.name.value } }),
  });
  const operation = operationOf(renamed)!;
  const selections = operation.selectionSet.selections.map((s) => {
    const field = s as FieldNode;
    return { ...field, alias: { kind: Kind.NAME, value: prefix + (field.alias ?? field.name).value } } as FieldNode;
  });
  return {
    operation: { ...operation, selectionSet: { ...operation.selectionSet, selections } },
    fragments: renamed.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION),
  };
}

export interface MergedFetch {
  query: string;
  operationName: string | undefined;
  /** What identifies these fetches together (see {@link mergeKey}). */
  key: string;
}

/** The identity of a group of fetches: their texts, in order. */
export const mergeKey = (queries: readonly string[]): string => queries.join('\u0000');

const MAX_MERGED = 500;
const merged = new Map<string, MergedFetch>();

/**
 * One query asking what the fetches ask (each `shapeOf(...).mergeable`), their root fields under
 * `_<index>_<response key>`; cached by the fetches' texts (a plan sends the same ones every time).
 */
export function mergeFetches(
  fetches: readonly { document: DocumentNode; query: string; operationName?: string | null }[],
): MergedFetch {
  const key = mergeKey(fetches.map((f) => f.query));
  let result = merged.get(key);
  if (result) return result;
  const parts = fetches.map((f, i) => prefixed(f.document, prefixOf(i)));
  // Named after the first fetch (a bounded set of names for the subgraphs' metrics, whatever the siblings).
  const first = fetches.find((f) => f.operationName)?.operationName;
  const operationName = first ? `${first}__batch` : undefined;
  const operation: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: parts[0]!.operation.operation,
    name: operationName ? { kind: Kind.NAME, value: operationName } : undefined,
    variableDefinitions: parts.flatMap((p) => p.operation.variableDefinitions ?? []),
    directives: [],
    selectionSet: { kind: Kind.SELECTION_SET, selections: parts.flatMap((p) => p.operation.selectionSet.selections) },
  };
  result = {
    query: print({ kind: Kind.DOCUMENT, definitions: [operation, ...parts.flatMap((p) => p.fragments)] }),
    operationName,
    key,
  };
  if (merged.size >= MAX_MERGED) merged.clear();
  merged.set(key, result);
  return result;
}

/** The variables of the merged query: each fetch's own, under its prefix. */
export function mergeVariables(variables: readonly (Record<string, unknown> | undefined)[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  variables.forEach((vars, i) => {
    if (vars) for (const name of Object.keys(vars)) result[prefixOf(i) + name] = vars[name];
  });
  return result;
}

export interface FetchAnswer {
  data?: Record<string, unknown> | null;
  errors?: { message?: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

const PREFIXED = /^_(\d+)_/;

/** Which fetch an error of the merged answer belongs to (by its path's first key), and that key unprefixed. */
function ownerOf(error: { path?: readonly (string | number)[] }): { index: number; key: string } | null {
  const head = error.path?.[0];
  const match = typeof head === 'string' ? PREFIXED.exec(head) : null;
  return match ? { index: Number(match[1]), key: head!.toString().slice(match[0].length) } : null;
}

/**
 * Each fetch's answer from the merged one: its own root fields and the errors whose path starts at one
 * of them, under their original names. An error without such a path (the whole request's) goes to every
 * fetch, as it would have come with each had they been sent apart. A null `data` stays null for all: the
 * caller sends the fetches apart then, so that one fetch's failure does not take its siblings' answers.
 */
export function splitAnswer(answer: FetchAnswer, count: number): FetchAnswer[] {
  const results: FetchAnswer[] = Array.from({ length: count }, () => ({}));
  const { data, errors, extensions } = answer;
  if (data === null) for (const r of results) r.data = null;
  else if (data) {
    for (const r of results) r.data = {};
    for (const key of Object.keys(data)) {
      const match = PREFIXED.exec(key);
      const target = match ? results[Number(match[1])] : undefined;
      if (target) target.data![key.slice(match![0].length)] = data[key];
    }
  }
  for (const error of errors ?? []) {
    const owner = ownerOf(error);
    const target = owner ? results[owner.index] : undefined;
    if (target) (target.errors ??= []).push({ ...error, path: [owner!.key, ...error.path!.slice(1)] });
    else for (const r of results) (r.errors ??= []).push(error);
  }
  if (extensions) results[0]!.extensions = extensions;
  return results;
}

const DOCUMENT_REFUSED = new Set(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST']);

/** The subgraph refused the merged document itself (a limit, a parse or validation error): no data at all. */
export function refusedDocument(answer: FetchAnswer): boolean {
  if (answer.data != null || !answer.errors?.length) return false;
  return answer.errors.some((e) => DOCUMENT_REFUSED.has(String(e.extensions?.code)));
}

/** The fetches (by index) that an error of the merged answer names by its path. */
export function failedFetches(answer: FetchAnswer): Set<number> {
  const failed = new Set<number>();
  for (const error of answer.errors ?? []) {
    const owner = ownerOf(error);
    if (owner) failed.add(owner.index);
  }
  return failed;
}
