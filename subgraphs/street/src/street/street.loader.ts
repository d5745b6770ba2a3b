import { byIdLoader, childrenLoader, type RequestContext } from '@cso/platform';
import { Street } from './street.entity.js';

export const streetById = (ctx: RequestContext) => byIdLoader(ctx, Street);

/** The streets of each district, by name: one SQL statement for all districts of a request. */
export const streetsByDistrict = (ctx: RequestContext) => childrenLoader(ctx, Street, 'districtId', { name: 'asc', id: 'asc' });
