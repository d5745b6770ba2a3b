import { groupedInKeyOrder, inKeyOrder, type RequestContext } from '@cso/kit';
import { Street } from './street.entity.js';

export function streetById(ctx: RequestContext) {
  return ctx.loaders.get<string, Street | null>('street.byId', async (ids) =>
    inKeyOrder(ids, await ctx.em.find(Street, { id: { $in: [...ids] } }), (s) => s.id),
  );
}

/** The streets of each district, by name: one SQL statement for all districts of a request. */
export function streetsByDistrict(ctx: RequestContext) {
  return ctx.loaders.get<string, Street[]>('street.byDistrict', async (districtIds) =>
    groupedInKeyOrder(
      districtIds,
      await ctx.em.find(Street, { districtId: { $in: [...districtIds] } }, { orderBy: { name: 'asc', id: 'asc' } }),
      (s) => s.districtId,
    ),
  );
}
