import { childrenLoader, inKeyOrder, plainRowsWhereIn, type RequestContext } from '@cso/platform';
import { FiledOrganization, FilingCancellation } from './filing.entity.js';

/** The register entry of each organization (null when the district never registered it): one statement per batch, in key order. */
export const registerById = (ctx: RequestContext) =>
  ctx.loaders.get<string, FiledOrganization | null>('register.byId', async (ids) =>
    inKeyOrder(ids, await plainRowsWhereIn(ctx.em, FiledOrganization, 'organizationId', ids), (r) => r.organizationId),
  );

/** The cancellation of each organization (at most one), newest first. */
export const cancellationsByOrganization = (ctx: RequestContext) =>
  childrenLoader(ctx, FilingCancellation, 'organizationId', { cancelledAt: 'desc' });
