import { byIdLoader, childrenLoader, type RequestContext } from '@cso/platform';
import { Community } from './community.entity.js';

export const communityById = (ctx: RequestContext) => byIdLoader(ctx, Community);

/** The communities of each street, by name: one SQL statement for all streets of a request. */
export const communitiesByStreet = (ctx: RequestContext) =>
  childrenLoader(ctx, Community, 'streetId', { name: 'asc', id: 'asc' });
