import { inKeyOrder, type RequestContext } from '@cso/platform';
import type { DistrictPolicy } from './policy.entity.js';
import { defaultPolicies, storedPolicies } from './policy.repository.js';

/** The current policies of each district (the defaults until its first change): one statement per batch, in key order. */
export const policiesByDistrict = (ctx: RequestContext) =>
  ctx.loaders.get<string, DistrictPolicy>('policies.byDistrict', async (ids) =>
    inKeyOrder(ids, await storedPolicies(ctx.em, ids), (p) => p.districtId).map((p, i) => p ?? defaultPolicies(ids[i]!)),
  );
