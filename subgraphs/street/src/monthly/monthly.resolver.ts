import { covers, isRole, jurisdictionCondition } from '@cso/contracts';
import {
  connectionOf,
  countsByParent,
  ForbiddenError,
  InvalidInputError,
  keysetPagesByParent,
  PageArgs,
  pageRequest,
  parentPages,
  requireUuid,
  UnauthenticatedError,
  uuidArray,
  type Page,
  type RequestContext,
} from '@cso/platform';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Resolver,
  Root,
} from 'type-graphql';
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

@ObjectType({
  description:
    '月报合规 Monthly-report compliance of a scope for one month: organizations filed by the end of the month, and how many reported.',
})
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

/**
 * The compliance figures of one month for many scopes of one kind (a column of `certificate`) at
 * once: one statement per batch.
 */
export function compliance(ctx: RequestContext, column: 'district_id' | 'street_id' | 'community_id', month: string) {
  if (!MONTH.test(month)) throw InvalidInputError.field('month', 'MONTH_FORMAT', 'must be YYYY-MM');
  return ctx.loaders.get<string, MonthlyCompliance>(`compliance.${column}.${month}`, async (ids) => {
    const [y, m] = month.split('-').map(Number) as [number, number];
    const end = new Date(Date.UTC(y, m, 1));
    const rows = await ctx.em.execute<{ k: string; expected: string; submitted: string; on_time: string }[]>(
      `with expected as (
         select organization_id, ${column} as k from certificate where ${column} = any(?::uuid[]) and issued_at < ? and (voided_at is null or voided_at >= ?)
       )
       select e.k, count(*) as expected, count(r.id) as submitted, count(r.id) filter (where not r.late) as on_time
       from expected e left join monthly_report r on r.organization_id = e.organization_id and r.month = ? and r.revision = 1
       group by e.k`,
      [uuidArray(ids), end, end, month],
      'all',
    );
    return ids.map((id) => {
      const row = rows.find((r) => r.k === id);
      const expected = Number(row?.expected ?? 0);
      const submitted = Number(row?.submitted ?? 0);
      const onTime = Number(row?.on_time ?? 0);
      return Object.assign(new MonthlyCompliance(), {
        month,
        expected,
        submitted,
        onTime,
        late: submitted - onTime,
        missing: expected - submitted,
      });
    });
  });
}

/** Where each community sits (from the certificates of its organizations): one statement per batch. */
const placeOfCommunity = (ctx: RequestContext) =>
  ctx.loaders.get<string, { streetId: string; districtId: string } | null>('community.place', async (ids) => {
    const rows = await ctx.em.execute<{ community_id: string; street_id: string; district_id: string }[]>(
      `select distinct on (community_id) community_id, street_id, district_id from certificate where community_id = any(?::uuid[])`,
      [uuidArray(ids)],
      'all',
    );
    return ids.map((id) => {
      const row = rows.find((r) => r.community_id === id);
      return row ? { streetId: row.street_id, districtId: row.district_id } : null;
    });
  });

const monthlyPages = (ctx: RequestContext, request: ReturnType<typeof pageRequest>) => {
  const caller = assertSignedIn(ctx);
  const scope = jurisdictionCondition(caller);
  const source = {
    em: ctx.em,
    entity: MonthlyReport,
    table: 'monthly_report',
    sortColumn: 'month',
    where: ['superseded_at is null', scope.sql],
    params: [...scope.params],
    descending: true,
    parentColumn: 'organization_id',
    parentOf: (r: MonthlyReport) => r.organizationId,
  };
  return ctx.loaders.get<string, Page<MonthlyReport>>(`monthly.pages:${JSON.stringify(request)}`, async (ids) => {
    const rows = await keysetPagesByParent(source, ids, request);
    return parentPages(rows, request, (i) => countsByOrganization(ctx, source).load(ids[i]!));
  });
};

const countsByOrganization = (ctx: RequestContext, source: Parameters<typeof countsByParent<MonthlyReport>>[0]) =>
  ctx.loaders.get<string, number>('monthly.counts', (ids) => countsByParent(source, ids));

function assertSignedIn(ctx: RequestContext) {
  if (ctx.caller.kind !== 'user') throw new UnauthenticatedError();
  return ctx.caller;
}

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
    description: '月报 The organization’s monthly reports (current revisions), newest month first; within your jurisdiction.',
  })
  async monthlyReports(@Root() org: OrganizationRef, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: RequestContext) {
    // Batched across the organizations of a request; rows outside the caller's jurisdiction never show.
    return MonthlyReportConnection.from(await monthlyPages(ctx, pageRequest(page)).load(org.id));
  }
}

@Resolver(() => DistrictRef)
export class DistrictComplianceResolver {
  @Authorized()
  @FieldResolver(() => MonthlyCompliance, {
    description: '月报合规 Monthly-report compliance of the district for a month (its officers and analysts).',
  })
  monthlyReportCompliance(@Root() district: DistrictRef, @Arg('month') month: string, @Ctx() ctx: RequestContext) {
    const caller = assertSignedIn(ctx);
    if (!isRole(caller, 'DISTRICT_OFFICER', 'ANALYST') || caller.districtId !== district.id)
      throw new ForbiddenError('District figures are for the district’s officers and analysts', 'JURISDICTION');
    return compliance(ctx, 'district_id', month).load(district.id);
  }
}

@Resolver(() => Street)
export class StreetComplianceResolver {
  @Authorized()
  @FieldResolver(() => MonthlyCompliance, {
    description: '月报合规 Monthly-report compliance of the street for a month (within your jurisdiction).',
  })
  monthlyReportCompliance(@Root() street: Street, @Arg('month') month: string, @Ctx() ctx: RequestContext) {
    const caller = assertSignedIn(ctx);
    if (
      !covers(caller, { districtId: street.districtId, streetId: street.id, communityId: null }) ||
      isRole(caller, 'COMMUNITY_OFFICER', 'ORG_LEADER')
    ) {
      throw new ForbiddenError('Street figures are for the street’s and the district’s officers and analysts', 'JURISDICTION');
    }
    return compliance(ctx, 'street_id', month).load(street.id);
  }
}

@Resolver(() => CommunityRef)
export class CommunityComplianceResolver {
  @Authorized()
  @FieldResolver(() => MonthlyCompliance, {
    description: '月报合规 Monthly-report compliance of the community for a month (within your jurisdiction).',
  })
  async monthlyReportCompliance(@Root() community: CommunityRef, @Arg('month') month: string, @Ctx() ctx: RequestContext) {
    const caller = assertSignedIn(ctx);
    const refuse = () =>
      new ForbiddenError(
        'Community figures are for officers and analysts whose jurisdiction covers the community',
        'JURISDICTION',
      );
    if (caller.role === 'ORG_LEADER') throw refuse();
    if (caller.role === 'COMMUNITY_OFFICER') {
      if (caller.communityId !== community.id) throw refuse();
    } else {
      // A community with no certificate has only zeros to show.
      const place = await placeOfCommunity(ctx).load(community.id);
      if (place && !covers(caller, { ...place, communityId: community.id })) throw refuse();
    }
    return compliance(ctx, 'community_id', month).load(community.id);
  }
}
