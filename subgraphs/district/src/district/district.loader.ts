import { byIdLoader, type RequestContext } from '@cso/platform';
import { District } from './district.entity.js';

export const districtById = (ctx: RequestContext) => byIdLoader(ctx, District);
