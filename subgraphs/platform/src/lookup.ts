import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import type { RequestContext } from './context.js';
import { NotFoundError } from './errors.js';
import { isUuid, uuidArray } from './ids.js';
import { groupedInKeyOrder, inKeyOrder } from './loaders.js';
import { readPrepared } from './prepared.js';
import { columnOf, metadataOf, rowReader } from './rows.js';

/** `"column"` of a table, for SQL built from code (entity metadata), never from input. */
const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Entities by id, one SQL statement per batch, results in key order. A read: the results are plain
 * rows with the entity's properties (see rows.ts), not managed entities; a write loads its own.
 */
export function byIdLoader<T extends { id: string }>(ctx: RequestContext, entity: EntityClass<T>): DataLoader<string, T | null> {
  return ctx.loaders.get<string, T | null>(`${entity.name}.byId`, async (ids) => {
    return inKeyOrder(ids, await plainRowsWhereIn(ctx.em, entity, 'id' as keyof T & string, ids), (e) => e.id);
  });
}

/**
 * The rows of an entity whose uuid `property` is one of `ids` (optionally ordered by properties), as
 * plain objects (reads; see rows.ts): one statement.
 */
export async function plainRowsWhereIn<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  property: keyof T & string,
  ids: readonly string[],
  orderBy: Partial<Record<keyof T & string, 'asc' | 'desc'>> = {},
  extra: { sql: string; params: unknown[] } = { sql: '', params: [] },
): Promise<T[]> {
  const meta = metadataOf(em, entity);
  const order = Object.entries(orderBy)
    .map(([name, direction]) => `${quoted(columnOf(em, entity, name))} ${direction === 'desc' ? 'desc' : 'asc'}`)
    .join(', ');
  const rows = await readPrepared<Record<string, unknown>>(
    em,
    `select * from ${quoted(meta.tableName)} where ${quoted(columnOf(em, entity, property))} = any(?::uuid[])${extra.sql ? ` and ${extra.sql}` : ''}${order ? ` order by ${order}` : ''}`,
    [uuidArray(ids), ...extra.params],
  );
  return rows.map(rowReader(em, entity));
}

/**
 * The children of each parent (e.g. the rows of each parent row), one SQL statement per batch, as
 * plain rows (reads). `parentProperty` is a uuid column; `orderBy` names properties.
 */
export function childrenLoader<T extends object, K extends keyof T & string>(
  ctx: RequestContext,
  entity: EntityClass<T>,
  parentProperty: K,
  orderBy: Partial<Record<keyof T & string, 'asc' | 'desc'>>,
): DataLoader<string, T[]> {
  return ctx.loaders.get<string, T[]>(`${entity.name}.by.${parentProperty}`, async (parentIds) =>
    groupedInKeyOrder(parentIds, await plainRowsWhereIn(ctx.em, entity, parentProperty, parentIds, orderBy), (e) =>
      String(e[parentProperty]),
    ),
  );
}

/** A root lookup by id: an unknown or malformed id is NOT_FOUND. */
export async function loadOrNotFound<T>(loader: DataLoader<string, T | null>, typeName: string, id: string): Promise<T> {
  const found = isUuid(id) ? await loader.load(id.toLowerCase()) : null;
  if (!found) throw new NotFoundError(typeName, id);
  return found;
}

/** A reference from the gateway: a malformed or unknown id resolves to null. */
export async function loadReference<T>(loader: DataLoader<string, T | null>, id: unknown): Promise<T | null> {
  return typeof id === 'string' && isUuid(id) ? loader.load(id.toLowerCase()) : null;
}

/**
 * The `__resolveReference` of a type this subgraph only extends (a key to hang its fields on): a
 * malformed id resolves to null; `extra` copies other fields of the representation (e.g. `@requires`).
 */
export function keyReference<T extends { id: string }, R extends { id: unknown }>(
  type: new () => T,
  extra?: (ref: R) => Partial<T>,
) {
  return (ref: R): T | null =>
    typeof ref.id === 'string' && isUuid(ref.id) ? Object.assign(new type(), { id: ref.id.toLowerCase() }, extra?.(ref)) : null;
}
