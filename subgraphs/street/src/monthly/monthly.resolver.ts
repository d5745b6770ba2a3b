import { PageArgs, pageRequest, requireUuid, type RequestContext } from '@cso/platform';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { CommunityRef } from '../federation/community.ref.js';
import { DistrictRef } from '../federation/district.ref.js';
import { OrganizationRef } from '../federation/organization.ref.js';
import { Street } from '../street/street.entity.js';
import { MonthlyReport } from './monthly.entity.js';
import { MonthlyReportInput, requireMonth } from './monthly.inputs.js';
import { complianceOf, monthlyReportPages, placeOfCommunity } from './monthly.loader.js';
import {
  assertMayReadCommunityFigures,
  assertMayReadDistrictFigures,
  assertMayReadStreetFigures,
  readableMonthlyReports,
} from './monthly.policy.js';
import { submitMonthlyReport } from './monthly.service.js';
import { MonthlyCompliance, MonthlyReportConnection } from './monthly.types.js';

@Resolver(() => OrganizationRef)
export class OrganizationMonthlyResolver {
  @Authorized('ORG_LEADER', 'COMMUNITY_OFFICER')
  @Mutation(() => MonthlyReport, {
    description:
      '提交月报 Submit an organization’s monthly report (its leader or its community officer); FILED organizations only, not for a month that has not begun. A second one for a month is a correction; the first is kept. Audited.',
  })
  submitMonthlyReport(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('month', { description: 'YYYY-MM' }) month: string,
    @Arg('input', () => MonthlyReportInput) input: MonthlyReportInput,
    @Ctx() ctx: RequestContext,
  ): Promise<MonthlyReport> {
    return submitMonthlyReport(ctx, requireUuid(organizationId, 'organizationId'), month, input);
  }

  @Authorized()
  @FieldResolver(() => MonthlyReportConnection, {
    nullable: true,
    description: '月报 The organization’s monthly reports (current revisions), newest month first; within your jurisdiction.',
  })
  async monthlyReports(@Root() org: OrganizationRef, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: RequestContext) {
    // Batched across the organizations of a request; rows outside the caller's jurisdiction never show.
    const pages = monthlyReportPages(ctx, readableMonthlyReports(ctx.caller), pageRequest(page));
    return MonthlyReportConnection.from(await pages.load(org.id));
  }
}

@Resolver(() => DistrictRef)
export class DistrictComplianceResolver {
  @Authorized()
  @FieldResolver(() => MonthlyCompliance, {
    nullable: true,
    description: '月报合规 Monthly-report compliance of the district for a month (its officers and analysts).',
  })
  monthlyReportCompliance(@Root() district: DistrictRef, @Arg('month') month: string, @Ctx() ctx: RequestContext) {
    assertMayReadDistrictFigures(ctx.caller, district.id);
    return complianceOf(ctx, 'district_id', requireMonth(month)).load(district.id);
  }
}

@Resolver(() => Street)
export class StreetComplianceResolver {
  @Authorized()
  @FieldResolver(() => MonthlyCompliance, {
    nullable: true,
    description: '月报合规 Monthly-report compliance of the street for a month (within your jurisdiction).',
  })
  monthlyReportCompliance(@Root() street: Street, @Arg('month') month: string, @Ctx() ctx: RequestContext) {
    assertMayReadStreetFigures(ctx.caller, street);
    return complianceOf(ctx, 'street_id', requireMonth(month)).load(street.id);
  }
}

@Resolver(() => CommunityRef)
export class CommunityComplianceResolver {
  @Authorized()
  @FieldResolver(() => MonthlyCompliance, {
    nullable: true,
    description: '月报合规 Monthly-report compliance of the community for a month (within your jurisdiction).',
  })
  async monthlyReportCompliance(@Root() community: CommunityRef, @Arg('month') month: string, @Ctx() ctx: RequestContext) {
    assertMayReadCommunityFigures(ctx.caller, community.id, await placeOfCommunity(ctx).load(community.id));
    return complianceOf(ctx, 'community_id', requireMonth(month)).load(community.id);
  }
}
