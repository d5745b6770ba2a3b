import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityName } from '@mikro-orm/core';
import { uuidArray } from './ids.js';
import { groupedInKeyOrder } from './loaders.js';
import { pageFromRows, type Page, type PageRequest } from './pagination.js';
import { readPrepared } from './prepared.js';
import { rowReader, selectList, type Projection } from './rows.js';

/**
 * Keyset pagination over one table, ordered by `(sortColumn, id)`: stable, index-friendly, and the
 * same for a root list and for a list under each of many parents (one statement for all).
 * `where` holds SQL conditions with `?` placeholders, matched by `params`; column names come from
 * code, never from input.
 */
export interface KeysetSource<T extends { id: string }> {
  em: EntityManager;
  entity: EntityName<T>;
  table: string;
  sortColumn: string;
  where: string[];
  params: unknown[];
  /** Newest first (audit trails): order and cursor comparison run downwards. */
  descending?: boolean;
  /** The on-demand properties to read (rows.ts `readWhenAsked`); every column when absent. */
  projection?: Projection;
}

const direction = (source: { descending?: boolean }) => (source.descending ? 'desc' : 'asc');

/** Rows after the cursor's row, by (sort column, id); the cursor's sort value is read from the table. */
function afterCondition<T extends { id: string }>(source: KeysetSource<T>, request: PageRequest) {
  if (!request.after) return { sql: [], params: [] };
  const { table, sortColumn } = source;
  return {
    sql: [
      `("${sortColumn}", "id") ${source.descending ? '<' : '>'} (select "${sortColumn}", "id" from "${table}" where "id" = ?)`,
    ],
    params: [request.after],
  };
}

const whereClause = (conditions: string[]) => (conditions.length ? `where ${conditions.join(' and ')}` : '');

async function count(em: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const rows = await readPrepared<{ n: string }>(em, sql, params);
  return Number(rows[0]?.n ?? 0);
}

/** One page of a root list, with a lazy total count. */
export async function keysetPage<T extends { id: string }>(source: KeysetSource<T>, request: PageRequest): Promise<Page<T>> {
  const { em, table, sortColumn } = source;
  const after = afterCondition(source, request);
  const rows =
    request.first === 0
      ? []
      : await readPrepared<Record<string, unknown>>(
          em,
          `select ${selectList(em, source.entity, source.projection)} from "${table}" ${whereClause([...source.where, ...after.sql])} order by "${sortColumn}" ${direction(source)}, "id" ${direction(source)} limit ?`,
          [...source.params, ...after.params, request.first + 1],
        );
  // Plain rows, not managed entities: a list is read, never written (rows.ts).
  const nodes = rows.map(rowReader(em, source.entity, source.projection));
  return pageFromRows(nodes, request, () =>
    count(em, `select count(*) as n from "${table}" ${whereClause(source.where)}`, source.params),
  );
}

export interface ParentKeyset<T extends { id: string }> extends KeysetSource<T> {
  /** The column that points at the parent, e.g. `parent_id`. */
  parentColumn: string;
  /** Reads the parent id of an entity. */
  parentOf: (node: T) => string;
}

/**
 * The first page under each parent, in one statement: for each parent (in the order given) its own
 * `order by … limit`, joined laterally, so that each page is read from the (parent, sort, id) index
 * and no row past a page is read or sorted. (A `row_number()` window over all the parents' rows read
 * and sorted every row of every parent: 2.9 ms against 1.2 ms for the first pages of 105 parents
 * holding 1,756 rows.) Used by loaders, so that `parents { children(first: 5) }` costs one query,
 * not one per parent.
 */
export async function keysetPagesByParent<T extends { id: string }>(
  source: ParentKeyset<T>,
  parentIds: readonly string[],
  request: PageRequest,
): Promise<T[][]> {
  if (request.first === 0) return parentIds.map(() => []);
  const { em, table, sortColumn, parentColumn } = source;
  const after = afterCondition(source, request);
  const dir = direction(source);
  // Inside the lateral subquery unqualified columns are the table's; the parents' own columns have names no table uses.
  const conditions = [`t."${parentColumn}" = p."_parent"`, ...source.where, ...after.sql];
  const rows = await readPrepared<Record<string, unknown>>(
    em,
    `select page.* from unnest(?::uuid[]) with ordinality as p("_parent", "_ord")
     cross join lateral (select ${selectList(em, source.entity, source.projection, 't')} from "${table}" t ${whereClause(conditions)} order by "${sortColumn}" ${dir}, "id" ${dir} limit ?) page
     order by p."_ord", page."${sortColumn}" ${dir}, page."id" ${dir}`,
    [uuidArray([...new Set(parentIds)]), ...source.params, ...after.params, request.first + 1],
  );
  const nodes = rows.map(rowReader(em, source.entity, source.projection));
  return groupedInKeyOrder(parentIds, nodes, source.parentOf);
}

/** How many rows each parent has (matching the same conditions), in one statement. */
export async function countsByParent<T extends { id: string }>(
  source: ParentKeyset<T>,
  parentIds: readonly string[],
): Promise<number[]> {
  const rows = await readPrepared<{ parent: string; n: string }>(
    source.em,
    `select "${source.parentColumn}" as parent, count(*) as n from "${source.table}"
     ${whereClause([`"${source.parentColumn}" in (select unnest(?::uuid[]))`, ...source.where])} group by "${source.parentColumn}"`,
    [uuidArray(parentIds), ...source.params],
  );
  const counts = new Map(rows.map((r) => [r.parent, Number(r.n)]));
  return parentIds.map((id) => counts.get(id) ?? 0);
}

/** Builds the page of each parent from the rows of {@link keysetPagesByParent}. */
export function parentPages<T extends { id: string }>(
  rowsByParent: T[][],
  request: PageRequest,
  countOf: (index: number) => Promise<number>,
): Page<T>[] {
  return rowsByParent.map((rows, i) => pageFromRows(rows, request, () => countOf(i)));
}
