import type { EntityClass, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import type DataLoader from 'dataloader';
import type { RequestContext } from './context.js';
import { NotFoundError } from './errors.js';
import { isUuid } from './ids.js';
import { groupedInKeyOrder, inKeyOrder } from './loaders.js';

/** Entities by id, one SQL statement per batch, results in key order. */
export function byIdLoader<T extends { id: string }>(ctx: RequestContext, entity: EntityClass<T>): DataLoader<string, T | null> {
  return ctx.loaders.get<string, T | null>(`${entity.name}.byId`, async (ids) =>
    inKeyOrder(ids, await ctx.em.find(entity, { id: { $in: [...ids] } } as unknown as FilterQuery<NoInfer<T>>), (e) => e.id),
  );
}

/** The children of each parent (e.g. the rows of each parent row), one SQL statement per batch. */
export function childrenLoader<T extends object, K extends keyof T & string>(
  ctx: RequestContext,
  entity: EntityClass<T>,
  parentProperty: K,
  orderBy: QueryOrderMap<T>,
): DataLoader<string, T[]> {
  return ctx.loaders.get<string, T[]>(`${entity.name}.by.${parentProperty}`, async (parentIds) =>
    groupedInKeyOrder(
      parentIds,
      await ctx.em.find(
        entity,
        { [parentProperty]: { $in: [...parentIds] } } as unknown as FilterQuery<NoInfer<T>>,
        { orderBy } as never,
      ),
      (e) => String(e[parentProperty]),
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
