import { inKeyOrder, type RequestContext } from '@cso/kit';
import { District } from './district.entity.js';

/** Districts by id, one SQL statement per batch. */
export function districtById(ctx: RequestContext) {
  return ctx.loaders.get<string, District | null>('district.byId', async (ids) =>
    inKeyOrder(ids, await ctx.em.find(District, { id: { $in: [...ids] } }), (d) => d.id),
  );
}
