import { NotFoundError, PageArgs, isUuid, keysetPage, pageRequest, type RequestContext } from '@cso/kit';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Community, StreetRef } from '../community/community.entity.js';
import { communityById } from '../community/community.loader.js';
import { Member } from '../member/member.entity.js';
import { leaderByOrganization, memberPagesByOrganization, memberStatsByOrganization } from '../member/member.loader.js';
import { MemberConnection, OrganizationConnection } from './organization.connection.js';
import { Organization } from './organization.entity.js';
import { OrganizationFilter } from './organization.inputs.js';
import { organizationById } from './organization.loader.js';
import { needsPartyStation } from './organization.policy.js';
import { organizationConditions, organizationSource } from './organization.repository.js';

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => Organization, { description: 'One organization by id; NOT_FOUND when there is none.' })
  async organization(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Organization> {
    const organization = isUuid(id) ? await organizationById(ctx).load(id.toLowerCase()) : null;
    if (!organization) throw new NotFoundError('Organization', id);
    return organization;
  }

  @Query(() => OrganizationConnection, {
    description: 'Organizations matching a filter, ordered by name, a page at a time (`first` at most 100).',
  })
  async organizations(
    @Arg('filter', () => OrganizationFilter, { nullable: true }) filter: OrganizationFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<OrganizationConnection> {
    const request = pageRequest(page);
    const source = organizationSource(ctx.em, organizationConditions(filter));
    return OrganizationConnection.from(await keysetPage(source, request));
  }

  @FieldResolver(() => Community, { nullable: true, description: '所属社区 The community; null for a street-level organization.' })
  community(@Root() organization: Organization, @Ctx() ctx: RequestContext): Promise<Community | null> | null {
    return organization.community ? communityById(ctx).load(organization.community) : null;
  }

  @FieldResolver(() => StreetRef, { description: '所属街道 The street the organization belongs to.' })
  street(@Root() organization: Organization): StreetRef {
    return StreetRef.of(organization.streetId);
  }

  @FieldResolver(() => Member, { nullable: true, description: '负责人 The leader (from the roster).' })
  leader(@Root() organization: Organization, @Ctx() ctx: RequestContext): Promise<Member | null> {
    return leaderByOrganization(ctx).load(organization.id);
  }

  @FieldResolver(() => Int, { description: '成员数 Number of members on the roster.' })
  async memberCount(@Root() organization: Organization, @Ctx() ctx: RequestContext): Promise<number> {
    return (await memberStatsByOrganization(ctx).load(organization.id)).memberCount;
  }

  @FieldResolver(() => Int, { description: '党员数 Number of party members on the roster.' })
  async partyMemberCount(@Root() organization: Organization, @Ctx() ctx: RequestContext): Promise<number> {
    return (await memberStatsByOrganization(ctx).load(organization.id)).partyMemberCount;
  }

  @FieldResolver(() => Boolean, {
    description: '需建党员活动站 True when the organization has enough party members (3 or more) that it must set up a station.',
  })
  async needsPartyStation(@Root() organization: Organization, @Ctx() ctx: RequestContext): Promise<boolean> {
    return needsPartyStation((await memberStatsByOrganization(ctx).load(organization.id)).partyMemberCount);
  }

  @FieldResolver(() => MemberConnection, { description: '花名册 The roster, by name, a page at a time.' })
  async members(@Root() organization: Organization, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: RequestContext): Promise<MemberConnection> {
    return MemberConnection.from(await memberPagesByOrganization(ctx, pageRequest(page)).load(organization.id));
  }
}

export const organizationReferenceResolvers = {
  Organization: {
    __resolveReference: (ref: { id: string }, ctx: RequestContext) =>
      isUuid(ref.id) ? organizationById(ctx).load(ref.id.toLowerCase()) : null,
  },
};
