import {
  connectionProjection,
  NotFoundError,
  PageArgs,
  isUuid,
  keysetPage,
  loadOrNotFound,
  loadReference,
  pageRequest,
  type RequestContext,
} from '@cso/platform';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Community } from '../community/community.entity.js';
import { StreetRef } from '../federation/street.ref.js';
import { communityById } from '../community/community.loader.js';
import { Member } from '../member/member.entity.js';
import { leaderByOrganization, memberPagesByOrganization } from '../member/member.loader.js';
import { MemberConnection, OrganizationConnection } from './organization.connection.js';
import { Organization } from './organization.entity.js';
import { OrganizationFilter } from './organization.inputs.js';
import { policiesByDistrict } from '../policy/received-policy.loader.js';
import { organizationById } from './organization.loader.js';
import { assertCanReadOrganization, assertPersonalDataVisible, needsPartyStation } from './organization.policy.js';
import { organizationConditions, organizationSource } from './organization.repository.js';
import { setPartyStation } from './organization.service.js';

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => Organization, { description: 'One organization by id; NOT_FOUND when there is none.' })
  async organization(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Organization> {
    const organization = await loadOrNotFound(organizationById(ctx), 'Organization', id);
    assertCanReadOrganization(ctx.caller, organization);
    return organization;
  }

  @Query(() => OrganizationConnection, {
    description:
      'Organizations matching a filter, ordered by name, a page at a time (`first` at most 100). Only those within your jurisdiction; without signing in, the public register (FILED organizations).',
  })
  async organizations(
    @Arg('filter', () => OrganizationFilter, { nullable: true }) filter: OrganizationFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OrganizationConnection> {
    const request = pageRequest(page);
    const source = organizationSource(
      ctx.em,
      organizationConditions(ctx.caller, filter),
      connectionProjection(Organization, info),
    );
    return OrganizationConnection.from(await keysetPage(source, request));
  }

  @Authorized('COMMUNITY_OFFICER', 'STREET_OFFICER', 'ORG_LEADER')
  @Mutation(() => Organization, {
    description:
      '党员活动站 Record whether the organization has set up its party-member activity station (its community officer or leader). Audited.',
  })
  setPartyStation(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('hasPartyStation', () => Boolean) hasPartyStation: boolean,
    @Ctx() ctx: RequestContext,
  ): Promise<Organization> {
    if (!isUuid(organizationId)) throw new NotFoundError('Organization', organizationId);
    return setPartyStation(ctx, organizationId.toLowerCase(), hasPartyStation);
  }

  @FieldResolver(() => Community, {
    nullable: true,
    description: '所属社区 The community; null for a street-level organization.',
  })
  community(@Root() organization: Organization, @Ctx() ctx: RequestContext): Promise<Community | null> | null {
    return organization.community ? communityById(ctx).load(organization.community) : null;
  }

  @FieldResolver(() => StreetRef, { description: '所属街道 The street the organization belongs to.' })
  street(@Root() organization: Organization): StreetRef {
    return StreetRef.of(organization.streetId);
  }

  @Authorized()
  @FieldResolver(() => Member, { nullable: true, description: '负责人 The leader (from the roster). Personal data: see Member.' })
  leader(@Root() organization: Organization, @Ctx() ctx: RequestContext): Promise<Member | null> {
    assertPersonalDataVisible(ctx.caller, organization);
    return leaderByOrganization(ctx).load(organization.id);
  }

  // The counts are kept in the organization row (see the entity): no statement on a read.
  @FieldResolver(() => Int, { description: '成员数 Number of members on the roster (an aggregate: public).' })
  memberCount(@Root() organization: Organization): number {
    return organization.memberCount;
  }

  @Authorized()
  @FieldResolver(() => Int, { description: '党员数 Number of party members on the roster.' })
  partyMemberCount(@Root() organization: Organization): number {
    return organization.partyMemberCount;
  }

  @Authorized()
  @FieldResolver(() => Boolean, {
    description:
      '需建党员活动站 True when the organization has enough party members that it must set up a station (the district’s threshold, 3 by default).',
  })
  async needsPartyStation(@Root() organization: Organization, @Ctx() ctx: RequestContext): Promise<boolean> {
    const policies = await policiesByDistrict(ctx).load(organization.districtId);
    return needsPartyStation(organization.partyMemberCount, policies.partyStationThreshold);
  }

  @Authorized()
  @FieldResolver(() => MemberConnection, {
    description:
      '花名册 The roster, by name, a page at a time. Names, identity numbers and phones are in full for the organization’s own community officer and leader, masked for other officers, and not available to analysts or the public.',
  })
  async members(
    @Root() organization: Organization,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<MemberConnection> {
    assertPersonalDataVisible(ctx.caller, organization);
    return MemberConnection.from(await memberPagesByOrganization(ctx, pageRequest(page)).load(organization.id));
  }
}

export const organizationReferenceResolvers = {
  Organization: {
    // Policies apply to references exactly as to root fields: _entities is no back door.
    async __resolveReference(ref: { id: string }, ctx: RequestContext) {
      const organization = await loadReference(organizationById(ctx), ref.id);
      if (organization) assertCanReadOrganization(ctx.caller, organization);
      return organization;
    },
  },
};
