import 'reflect-metadata';
import { ArgsType, Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { InvalidInputError } from './errors.js';
import { isUuid } from './ids.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** Relay page information. Shared by every subgraph, so it is `@shareable`. */
@ObjectType({ description: 'Where a page sits in its list (Relay PageInfo).' })
@Directive('@shareable')
export class PageInfo {
  @Field({ description: 'True when more items follow this page.' })
  hasNextPage!: boolean;

  @Field({ description: 'True when this page was requested after a cursor.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of the page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item; pass it as `after` for the next page.' })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `How many items to return, 0 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).`,
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return the items after this cursor (`pageInfo.endCursor`).' })
  after?: string | null;
}

/**
 * A cursor names only the row it points at. The row's sort key is read back on the server, so a
 * cursor never carries data (a masked personal name, say) and a forged one cannot inject a value.
 */
export interface PageRequest {
  first: number;
  /** Id of the row after which the page starts. */
  after: string | null;
}

const CURSOR_PREFIX = 'c1:';

export function encodeCursor(id: string): string {
  return Buffer.from(`${CURSOR_PREFIX}${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, field: string): string {
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const id = text.startsWith(CURSOR_PREFIX) ? text.slice(CURSOR_PREFIX.length) : '';
  if (!isUuid(id)) throw InvalidInputError.field(field, 'MALFORMED_CURSOR', 'is not a cursor returned by this list');
  return id.toLowerCase();
}

/** Validates `first`/`after` (GitHub's rule: at most 100 per page) into a page request. */
export function pageRequest(args: PageArgs, prefix = ''): PageRequest {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (first < 0 || first > MAX_PAGE_SIZE) {
    throw InvalidInputError.field(
      `${prefix}first`,
      first < 0 ? 'NEGATIVE' : 'MAX_PAGE_SIZE_EXCEEDED',
      `must be between 0 and ${MAX_PAGE_SIZE}; got ${first}`,
    );
  }
  return { first, after: args.after ? decodeCursor(args.after, `${prefix}after`) : null };
}

/** One page of a list, before it becomes a GraphQL connection. */
export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  cursorOf: (node: T) => string;
  /** Counted only when a client asks for `totalCount`. */
  totalCount: () => Promise<number>;
}

/**
 * Turns rows fetched with `LIMIT first + 1` into a page: the extra row only tells that more follow.
 */
export function pageFromRows<T extends { id: string }>(
  rows: T[],
  request: PageRequest,
  totalCount: () => Promise<number>,
): Page<T> {
  return {
    nodes: rows.slice(0, request.first),
    hasNextPage: rows.length > request.first,
    hasPreviousPage: request.after !== null,
    cursorOf: (node) => encodeCursor(node.id),
    totalCount,
  };
}

export interface ConnectionShape<T> {
  totalCount(): Promise<number>;
  nodes: T[];
  pageInfo: PageInfo;
  edges: { cursor: string; node: T }[];
}

/**
 * Makes the `XConnection` and `XEdge` object types of a node type. The connection is built from
 * a {@link Page} with `Connection.from(page)`.
 */
export function connectionOf<T extends object>(
  nodeType: ClassType<T>,
  name: string,
  description: string,
  options: { shareable?: boolean } = {},
) {
  // Types that several subgraphs define alike must say so (Federation 2 @shareable).
  const shareable = options.shareable ? Directive('@shareable') : () => undefined;

  @ObjectType(`${name}Edge`, { description: `One ${name} in a list, with its cursor.` })
  @shareable
  class Edge {
    @Field({ description: 'Cursor of this item; pass it as `after` to continue after it.' })
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description })
  @shareable
  class Connection implements ConnectionShape<T> {
    page!: Page<T>;

    static from(page: Page<T>): Connection {
      const connection = new Connection();
      connection.page = page;
      return connection;
    }

    @Field(() => Int, { description: 'Number of items in the whole list (all pages).' })
    totalCount(): Promise<number> {
      return this.page.totalCount();
    }

    @Field(() => [nodeType], { description: 'The items of this page.' })
    get nodes(): T[] {
      return this.page.nodes;
    }

    @Field(() => [Edge], { description: 'The items of this page with their cursors.' })
    get edges(): Edge[] {
      return this.page.nodes.map((node) => Object.assign(new Edge(), { node, cursor: this.page.cursorOf(node) }));
    }

    @Field(() => PageInfo)
    get pageInfo(): PageInfo {
      const { nodes, cursorOf } = this.page;
      return Object.assign(new PageInfo(), {
        hasNextPage: this.page.hasNextPage,
        hasPreviousPage: this.page.hasPreviousPage,
        startCursor: nodes.length ? cursorOf(nodes[0]!) : null,
        endCursor: nodes.length ? cursorOf(nodes[nodes.length - 1]!) : null,
      });
    }
  }
  return Connection;
}
