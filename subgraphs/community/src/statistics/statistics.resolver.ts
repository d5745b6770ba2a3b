import { assertMayReadFigures } from '@cso/contracts';
import { type RequestContext } from '@cso/platform';
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Community } from '../community/community.entity.js';
import { districtOfStreet } from '../community/community.loader.js';
import { DistrictRef } from '../federation/district.ref.js';
import { StreetRef } from '../federation/street.ref.js';
import { organizationStatistics, reportStatistics } from './statistics.loader.js';
import { communityFigures, districtFigures, streetFigures } from './statistics.policy.js';
import { OrganizationStatistics, ReportStatistics } from './statistics.types.js';

@Resolver(() => DistrictRef)
export class DistrictStatisticsResolver {
  @Authorized()
  @FieldResolver(() => OrganizationStatistics, {
    nullable: true,
    description: '组织统计 The district’s organizations (its officers and analysts).',
  })
  organizationStatistics(@Root() d: DistrictRef, @Ctx() ctx: RequestContext) {
    assertMayReadFigures(ctx.caller, districtFigures(d.id));
    return organizationStatistics(ctx, 'district_id').load(d.id);
  }

  @Authorized()
  @FieldResolver(() => ReportStatistics, {
    nullable: true,
    description: '汇报统计 The district’s major-activity reports (its officers and analysts).',
  })
  majorActivityReportStatistics(@Root() d: DistrictRef, @Ctx() ctx: RequestContext) {
    assertMayReadFigures(ctx.caller, districtFigures(d.id));
    return reportStatistics(ctx, 'district_id').load(d.id);
  }
}

@Resolver(() => StreetRef)
export class StreetStatisticsResolver {
  @Authorized()
  @FieldResolver(() => OrganizationStatistics, {
    nullable: true,
    description: '组织统计 The street’s organizations (its officers, the district’s, analysts).',
  })
  async organizationStatistics(@Root() s: StreetRef, @Ctx() ctx: RequestContext) {
    assertMayReadFigures(ctx.caller, streetFigures(s.id, await districtOfStreet(ctx).load(s.id)));
    return organizationStatistics(ctx, 'street_id').load(s.id);
  }

  @Authorized()
  @FieldResolver(() => ReportStatistics, { nullable: true, description: '汇报统计 The street’s major-activity reports.' })
  async majorActivityReportStatistics(@Root() s: StreetRef, @Ctx() ctx: RequestContext) {
    assertMayReadFigures(ctx.caller, streetFigures(s.id, await districtOfStreet(ctx).load(s.id)));
    return reportStatistics(ctx, 'street_id').load(s.id);
  }
}

@Resolver(() => Community)
export class CommunityStatisticsResolver {
  @Authorized()
  @FieldResolver(() => OrganizationStatistics, {
    nullable: true,
    description: '组织统计 The community’s organizations (officers and analysts whose jurisdiction covers it).',
  })
  organizationStatistics(@Root() c: Community, @Ctx() ctx: RequestContext) {
    assertMayReadFigures(ctx.caller, communityFigures(c));
    return organizationStatistics(ctx, 'community_id').load(c.id);
  }

  @Authorized()
  @FieldResolver(() => ReportStatistics, { nullable: true, description: '汇报统计 The community’s major-activity reports.' })
  majorActivityReportStatistics(@Root() c: Community, @Ctx() ctx: RequestContext) {
    assertMayReadFigures(ctx.caller, communityFigures(c));
    return reportStatistics(ctx, 'community_id').load(c.id);
  }
}
