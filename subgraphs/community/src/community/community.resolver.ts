import {
  connectionProjection,
  loadOrNotFound,
  loadReference,
  PageArgs,
  pageFromRows,
  pageRequest,
  type RequestContext,
} from '@cso/platform';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { OrganizationConnection } from '../organization/organization.connection.js';
import { CommunityOrganizationFilter } from '../organization/organization.inputs.js';
import { organizationPagesByCommunity } from '../organization/organization.loader.js';
import { Organization } from '../organization/organization.entity.js';
import { mayReadOrganizationsIn } from '../organization/organization.policy.js';
import { organizationConditions } from '../organization/organization.repository.js';
import { StreetRef } from '../federation/street.ref.js';
import { Community } from './community.entity.js';
import { communitiesByStreet, communityById } from './community.loader.js';

@Resolver(() => Community)
export class CommunityResolver {
  @Query(() => Community, { description: 'One community by id; NOT_FOUND when there is none.' })
  async community(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Community> {
    return loadOrNotFound(communityById(ctx), 'Community', id);
  }

  @FieldResolver(() => StreetRef, { description: '所属街道 The street of the community.' })
  street(@Root() community: Community): StreetRef {
    return StreetRef.of(community.streetId);
  }

  @FieldResolver(() => OrganizationConnection, {
    description: '社区社会组织 The organizations of the community, by name, a page at a time (`first` at most 100).',
  })
  async organizations(
    @Root() community: Community,
    @Arg('filter', () => CommunityOrganizationFilter, { nullable: true }) filter: CommunityOrganizationFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OrganizationConnection> {
    const conditions = organizationConditions(ctx.caller, filter);
    const request = pageRequest(page);
    // Outside the caller's jurisdiction the page is empty: no statement, and no id in the batch's.
    if (!mayReadOrganizationsIn(ctx.caller, community))
      return OrganizationConnection.from(pageFromRows<Organization>([], request, async () => 0));
    return OrganizationConnection.from(
      await organizationPagesByCommunity(ctx, conditions, request, connectionProjection(Organization, info)).load(community.id),
    );
  }
}

@Resolver(() => StreetRef)
export class StreetCommunitiesResolver {
  @FieldResolver(() => [Community], {
    nullable: true,
    description: '社区 The communities of the street, by name (a street has a few dozen at most; not paginated).',
  })
  communities(@Root() street: StreetRef, @Ctx() ctx: RequestContext): Promise<Community[]> {
    return communitiesByStreet(ctx).load(street.id);
  }
}

export const communityReferenceResolvers = {
  Community: {
    __resolveReference: (ref: { id: string }, ctx: RequestContext) => loadReference(communityById(ctx), ref.id),
  },
};
