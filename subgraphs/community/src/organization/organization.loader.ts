import {
  byIdLoader,
  countsByParent,
  keysetPagesByParent,
  parentPages,
  projectionKey,
  type Page,
  type PageRequest,
  type Projection,
  type RequestContext,
} from '@cso/platform';
import { Organization } from './organization.entity.js';
import { organizationsByCommunitySource, type OrganizationConditions } from './organization.repository.js';

export const organizationById = (ctx: RequestContext) => byIdLoader(ctx, Organization);

function organizationCountsByCommunity(ctx: RequestContext, conditions: OrganizationConditions) {
  return ctx.loaders.get<string, number>(`organization.countByCommunity:${conditions.key}`, (ids) =>
    countsByParent(organizationsByCommunitySource(ctx.em, conditions), ids),
  );
}

/**
 * The page of organizations of each community, batched across the communities of a request that
 * ask for the same page: one statement for the pages, one (only if asked) for the counts.
 */
export function organizationPagesByCommunity(
  ctx: RequestContext,
  conditions: OrganizationConditions,
  request: PageRequest,
  projection: Projection,
) {
  return ctx.loaders.get<string, Page<Organization>>(
    `organization.pagesByCommunity:${conditions.key}:${JSON.stringify(request)}:${projectionKey(projection)}`,
    async (ids) => {
      const source = organizationsByCommunitySource(ctx.em, conditions, projection);
      const rows = await keysetPagesByParent(source, ids, request);
      return parentPages(rows, request, (i) => organizationCountsByCommunity(ctx, conditions).load(ids[i]!));
    },
  );
}
