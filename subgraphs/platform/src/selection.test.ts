import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode, type FieldNode } from 'graphql';
import { CONNECTION_NODE_PATHS, selectedFieldNames } from './selection.js';

/** The resolve info of the operation's first root field, as graphql-js gives it. */
function infoOf(query: string) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  return { fieldNodes: [operation.selectionSet.selections[0] as FieldNode], fragments };
}

describe('the fields a request selects', () => {
  it('finds the nodes of a connection through nodes, edges, fragments, inline fragments and aliases', () => {
    const info = infoOf(`
      query {
        books(first: 5) {
          totalCount
          nodes { name ...Texts }
          edges { cursor node { ... on Book { summary: author } id } }
          pageInfo { hasNextPage }
        }
      }
      fragment Texts on Book { isbn pages @skip(if: true) }
    `);
    // An alias selects the field it names; a skipped field is counted (a superset, never a miss).
    expect([...selectedFieldNames(info, CONNECTION_NODE_PATHS)].sort()).toEqual(['author', 'id', 'isbn', 'name', 'pages']);
    expect([...selectedFieldNames(info, [[]])].sort()).toEqual(['edges', 'nodes', 'pageInfo', 'totalCount']);
  });

  it('answers the same field of the same document from memory, and a field merged from several places afresh', () => {
    const info = infoOf('{ books { nodes { name } } }');
    const first = selectedFieldNames(info, CONNECTION_NODE_PATHS);
    expect(selectedFieldNames(info, CONNECTION_NODE_PATHS)).toBe(first);
    const other = infoOf('{ books { nodes { summary } } }');
    const merged = { fieldNodes: [...info.fieldNodes, ...other.fieldNodes], fragments: {} };
    expect([...selectedFieldNames(merged, CONNECTION_NODE_PATHS)].sort()).toEqual(['name', 'summary']);
    expect(selectedFieldNames(merged, CONNECTION_NODE_PATHS)).not.toBe(selectedFieldNames(merged, CONNECTION_NODE_PATHS));
  });
});
