import { groupedInKeyOrder, inKeyOrder, type RequestContext } from '@cso/kit';
import { Community } from './community.entity.js';

export function communityById(ctx: RequestContext) {
  return ctx.loaders.get<string, Community | null>('community.byId', async (ids) =>
    inKeyOrder(ids, await ctx.em.find(Community, { id: { $in: [...ids] } }), (c) => c.id),
  );
}

/** The communities of each street, by name: one SQL statement for all streets of a request. */
export function communitiesByStreet(ctx: RequestContext) {
  return ctx.loaders.get<string, Community[]>('community.byStreet', async (streetIds) =>
    groupedInKeyOrder(
      streetIds,
      await ctx.em.find(Community, { streetId: { $in: [...streetIds] } }, { orderBy: { name: 'asc', id: 'asc' } }),
      (c) => c.streetId,
    ),
  );
}
