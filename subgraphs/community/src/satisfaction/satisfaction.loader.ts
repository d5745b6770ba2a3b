import { groupedInKeyOrder, plainRowsWhereIn, type RequestContext } from '@cso/platform';
import { SatisfactionRating } from './satisfaction.entity.js';

/** The ratings of each organization, newest period first: one statement per batch, results in key order. */
export const satisfactionByOrganization = (ctx: RequestContext) =>
  ctx.loaders.get<string, SatisfactionRating[]>('satisfaction.byOrganization', async (ids) =>
    groupedInKeyOrder(
      ids,
      await plainRowsWhereIn(ctx.em, SatisfactionRating, 'organizationId', ids, { period: 'desc', evaluatorGroup: 'asc' }),
      (r) => r.organizationId,
    ),
  );
