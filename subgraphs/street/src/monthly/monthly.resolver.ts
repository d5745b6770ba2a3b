import { connectionOf, covers, ForbiddenError, InvalidInputError, isRole, jurisdictionCondition, keysetPage, PageArgs, pageRequest, requireUuid, UnauthenticatedError, type RequestContext } from '@cso/kit';
import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { CommunityRef, OrganizationRef } from '../filing/filing.resolver.js';
import { DistrictRef, Street } from '../street/street.entity.js';
import { MonthlyActivity, MonthlyReport } from './monthly.entity.js';
import { submitMonthlyReport } from './monthly.service.js';

@InputType({ description: '月报 What an organization did in a month.' })
class MonthlyReportInput {
  @Field(() => Int, { description: '参加人次 0 to 100000.' })
  participants!: number;

  @Field(() => [MonthlyActivity], { description: '活动及内容 1 to 50 activities.' })
  activities!: MonthlyActivity[];

  @Field({ description: '公益服务范围 2 to 500 characters.' })
  publicBenefitScope!: string;

  @Field(() => String, { nullable: true, description: '好人好事 up to 1000 characters.' })
  goodDeeds?: string | null;

  @Field(() => Int, { description: '参与党员人数 0 to the participants.' })
  partyMembersTakingPart!: number;
}

@ObjectType({ description: '月报合规 Monthly-report compliance of a scope for one month: organizations filed by the end of the month, and how many reported.' })
export class MonthlyCompliance {
  @Field()
  month!: string;

  @Field(() => Int, { description: 'FILED organizations expected to report.' })
  expected!: number;

  @Field(() => Int)
  submitted!: number;

  @Field(() => Int, { description: 'Submitted by the due day.' })
  onTime!: number;

  @Field(() => Int)
  late!: number;

  @Field(() => Int)
  missing!: number;
}

const MonthlyReportConnection = connectionOf(MonthlyReport, 'MonthlyReport', 'A page of monthly reports, newest month first.');

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The compliance figures of one month within a scope (a column of `certificate` and its value). */
export async function compliance(ctx: RequestContext, column: 'district_id' | 'street_id' | 'community_id', id: string, month: string): Promise<MonthlyCompliance> {
  if (!MONTH.test(month)) throw InvalidInputError.field('month', 'MONTH_FORMAT', 'must be YYYY-MM');
  const [y, m] = month.split('-').map(Number) as [number, number];
  const end = new Date(Date.UTC(y, m, 1));
  const [row] = await ctx.em.execute<{ expected: string; submitted: string; on_time: string }[]>(
    `with expected as (
       select organization_id from certificate where ${column} = ? and issued_at < ? and (voided_at is null or voided_at >= ?)
     ), firsts as (
       select r.organization_id, r.late from monthly_report r join expected e using (organization_id) where r.month = ? and r.revision = 1
     )
     select (select count(*) from expected) as expected, (select count(*) from firsts) as submitted, (select count(*) from firsts where not late) as on_time`,
    [id, end, end, month],
    'all',
  );
  const expected = Number(row!.expected);
  const submitted = Number(row!.submitted);
  const onTime = Number(row!.on_time);
  return Object.assign(new MonthlyCompliance(), { month, expected, submitted, onTime, late: submitted - onTime, missing: expected - submitted });
}

function assertSignedIn(ctx: RequestContext) {
  if (ctx.caller.kind !== 'user') throw new UnauthenticatedError();
  return ctx.caller;
}

@Resolver(() => OrganizationRef)
export class OrganizationMonthlyResolver {
  @Authorized('ORG_LEADER', 'COMMUNITY_OFFICER')
  @Mutation(() => MonthlyReport, {
    description: '提交月报 Submit an organization’s monthly report (its leader or its community officer); FILED organizations only, not for a month that has not begun. A second one for a month is a correction; the first is kept. Audited.',
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
  @FieldResolver(() => MonthlyReportConnection, { description: '月报 The organization’s monthly reports (current revisions), newest month first; within your jurisdiction.' })
  async monthlyReports(@Root() org: OrganizationRef, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: RequestContext) {
    const request = pageRequest(page);
    const scope = jurisdictionCondition(assertSignedIn(ctx), { district: 'district_id', street: 'street_id', community: 'community_id', organization: 'organization_id' });
    return MonthlyReportConnection.from(
      await keysetPage(
        { em: ctx.em, entity: MonthlyReport, table: 'monthly_report', sortColumn: 'month', where: ['organization_id = ?', 'superseded_at is null', scope.sql], params: [org.id, ...scope.params], descending: true },
        request,
      ),
    );
  }
}

@Resolver(() => DistrictRef)
export class DistrictComplianceResolver {
  @Authorized()
  @FieldResolver(() => MonthlyCompliance, { description: '月报合规 Monthly-report compliance of the district for a month (its officers and analysts).' })
  monthlyReportCompliance(@Root() district: DistrictRef, @Arg('month') month: string, @Ctx() ctx: RequestContext) {
    const caller = assertSignedIn(ctx);
    if (!isRole(caller, 'DISTRICT_OFFICER', 'ANALYST') || caller.districtId !== district.id) throw new ForbiddenError('District figures are for the district’s officers and analysts', 'JURISDICTION');
    return compliance(ctx, 'district_id', district.id, month);
  }
}

@Resolver(() => Street)
export class StreetComplianceResolver {
  @Authorized()
  @FieldResolver(() => MonthlyCompliance, { description: '月报合规 Monthly-report compliance of the street for a month (within your jurisdiction).' })
  monthlyReportCompliance(@Root() street: Street, @Arg('month') month: string, @Ctx() ctx: RequestContext) {
    const caller = assertSignedIn(ctx);
    if (!covers(caller, { districtId: street.districtId, streetId: street.id, communityId: null }) || isRole(caller, 'COMMUNITY_OFFICER', 'ORG_LEADER')) {
      throw new ForbiddenError('Street figures are for the street’s and the district’s officers and analysts', 'JURISDICTION');
    }
    return compliance(ctx, 'street_id', street.id, month);
  }
}

@Resolver(() => CommunityRef)
export class CommunityComplianceResolver {
  @Authorized()
  @FieldResolver(() => MonthlyCompliance, { description: '月报合规 Monthly-report compliance of the community for a month (within your jurisdiction).' })
  async monthlyReportCompliance(@Root() community: CommunityRef, @Arg('month') month: string, @Ctx() ctx: RequestContext) {
    const caller = assertSignedIn(ctx);
    const [place] = await ctx.em.execute<{ street_id: string; district_id: string }[]>(`select street_id, district_id from certificate where community_id = ? limit 1`, [community.id], 'all');
    if (isRole(caller, 'ORG_LEADER') || !place || !covers(caller, { districtId: place.district_id, streetId: place.street_id, communityId: community.id })) {
      throw new ForbiddenError('Community figures are for officers and analysts whose jurisdiction covers the community', 'JURISDICTION');
    }
    return compliance(ctx, 'community_id', community.id, month);
  }
}
