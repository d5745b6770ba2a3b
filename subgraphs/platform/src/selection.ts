import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { projectionOf, type Projection } from './rows.js';

/** The paths below a connection field where its nodes are selected. */
export const CONNECTION_NODE_PATHS: readonly (readonly string[])[] = [['nodes'], ['edges', 'node']];

type SelectionInfo = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>;

// Per field of a parsed document (the server keeps one parsed document per query text, so these live
// as long as the document does), per paths asked.
const cache = new WeakMap<FieldNode, Map<string, ReadonlySet<string>>>();

function collect(info: SelectionInfo, set: SelectionSetNode | undefined, path: readonly string[], into: Set<string>): void {
  if (!set) return;
  for (const selection of set.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) collect(info, selection.selectionSet, path, into);
    else if (selection.kind === Kind.FRAGMENT_SPREAD)
      collect(info, info.fragments[selection.name.value]?.selectionSet, path, into);
    else if (path.length === 0) into.add(selection.name.value);
    else if (selection.name.value === path[0]) collect(info, selection.selectionSet, path.slice(1), into);
  }
}

/**
 * The names of the fields selected at any of `paths` below the resolver's field (`[['nodes'],
 * ['edges', 'node']]` for the nodes of a connection; `[[]]` for the field's own object), through
 * fragments and aliases. `@skip` and `@include` are not evaluated: the set may hold a field the
 * request skips, never miss one it asks. Remembered per field of the parsed document.
 */
export function selectedFieldNames(info: SelectionInfo, paths: readonly (readonly string[])[]): ReadonlySet<string> {
  // A field merged from several places of the document is not remembered: its other places may differ.
  const node = info.fieldNodes.length === 1 ? info.fieldNodes[0]! : undefined;
  const key = paths.map((p) => p.join('.')).join('|');
  const known = node && cache.get(node)?.get(key);
  if (known) return known;
  const names = new Set<string>();
  for (const field of info.fieldNodes) for (const path of paths) collect(info, field.selectionSet, path, names);
  if (node) {
    let byPaths = cache.get(node);
    if (!byPaths) cache.set(node, (byPaths = new Map()));
    byPaths.set(key, names);
  }
  return names;
}

/** The projection of a connection field's nodes: which on-demand properties of `entity` its request asks for. */
export function connectionProjection(entity: abstract new (...args: never[]) => object, info: SelectionInfo): Projection {
  return projectionOf(entity, selectedFieldNames(info, CONNECTION_NODE_PATHS));
}
