import { type PolicyValues } from '@cso/contracts';
import { type RequestContext } from '@cso/platform';
import { policiesFor } from './received-policy.repository.js';

/** The policy values this tier has received, per district (defaults until the district's event arrives). */
export function policiesByDistrict(ctx: RequestContext) {
  return ctx.loaders.get<string, PolicyValues>('policies.byDistrict', async (ids) => {
    const policies = await policiesFor(ctx.em, ids);
    return ids.map((id) => policies.get(id)!);
  });
}
