import { byIdLoader, childrenLoader, inKeyOrder, type RequestContext } from '@cso/platform';
import { Community } from './community.entity.js';
import { districtsOfStreets } from './community.repository.js';

export const communityById = (ctx: RequestContext) => byIdLoader(ctx, Community);

/** The communities of each street, by name: one SQL statement for all streets of a request. */
export const communitiesByStreet = (ctx: RequestContext) =>
  childrenLoader(ctx, Community, 'streetId', { name: 'asc', id: 'asc' });

/** The district of each street, from its communities: one statement per batch; null for a street this tier has no community of. */
export const districtOfStreet = (ctx: RequestContext) =>
  ctx.loaders.get<string, string | null>('street.district', async (ids) =>
    inKeyOrder(ids, await districtsOfStreets(ctx.em, ids), (r) => r.street_id).map((r) => r?.district_id ?? null),
  );
