import { covers, isRole, type Placement } from '@cso/contracts';
import {
  childrenLoader,
  clock,
  ConflictError,
  ForbiddenError,
  loadReference,
  NotFoundError,
  ProblemList,
  recordAudit,
  requireUuid,
  textLength,
  UnauthenticatedError,
  uuidArray,
  type Caller,
  type RequestContext,
} from '@cso/platform';
import { ArchiveItem, byDateDesc } from '../archive/archive-item.js';
import { policiesFor } from '../policy/received-policy.js';
import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import {
  Arg,
  Authorized,
  Ctx,
  Directive,
  Field,
  FieldResolver,
  Float,
  ID,
  Int,
  Mutation,
  ObjectType,
  Resolver,
  Root,
} from 'type-graphql';
import { DistrictRef } from '../audit/audit.resolver.js';
import { Community, StreetRef } from '../community/community.entity.js';
import { FilingApplication } from '../filing/filing.entity.js';
import { Organization } from '../organization/organization.entity.js';
import { OrganizationStatus } from '../organization/organization.enums.js';
import { organizationById } from '../organization/organization.loader.js';
import { assertCanReadOrganization } from '../organization/organization.policy.js';
import { MajorActivityReport } from '../report/report.entity.js';
import { canReadReport } from '../report/report.service.js';
import { EvaluatorGroup, SatisfactionRating } from './satisfaction.entity.js';

const PERIOD = /^(\d{4})(-H[12])?$/;

@ObjectType({ description: '满意度 An organization’s satisfaction results of one period.' })
class SatisfactionPeriod {
  @Field()
  period!: string;

  @Field(() => Float, { description: 'The average of the groups’ scores.' })
  average!: number;

  @Field(() => [SatisfactionRating])
  ratings!: SatisfactionRating[];
}

@ObjectType({ description: 'A count per key (a category, a status…).' })
class KeyCount {
  @Field()
  key!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType({
  description: '组织统计 Organizations of a scope (district, street or community), counted by the community tier that owns them.',
})
class OrganizationStatistics {
  @Field(() => Int)
  total!: number;

  @Field(() => [KeyCount], { description: 'FILED organizations per category.' })
  filedByCategory!: KeyCount[];

  @Field(() => [KeyCount], { description: 'All organizations per lifecycle status.' })
  byStatus!: KeyCount[];

  @Field(() => Int, { description: 'Members of FILED organizations.' })
  members!: number;

  @Field(() => Int, { description: 'Party members of FILED organizations.' })
  partyMembers!: number;

  @Field(() => Int, { description: '应建未建 FILED organizations that need a party-member activity station and have none.' })
  lackingPartyStation!: number;

  @Field(() => Int, {
    description: '未达标社区 Communities of the scope with fewer FILED organizations than the district’s target (5).',
  })
  communitiesBelowTarget!: number;
}

@ObjectType({ description: '汇报统计 Major-activity reports of a scope by status, and how many are overdue at their level.' })
class ReportStatistics {
  @Field(() => [KeyCount])
  byStatus!: KeyCount[];

  @Field(() => Int)
  overdue!: number;
}

/** The file of an organization: each tier adds the items it keeps. */
@ObjectType('OrganizationArchive', { description: '档案 An organization’s file; each tier contributes its part, newest first.' })
@Directive('@key(fields: "id")')
export class OrganizationArchive {
  @Field(() => ID, { description: 'The organization’s id.' })
  id!: string;

  organization?: Organization;
}

type Scope = 'district_id' | 'street_id' | 'community_id';

/** Figures are for officers and analysts whose jurisdiction covers the scope; never for leaders or the public. */
function assertFigures(caller: Caller, place: Placement): void {
  if (caller.kind !== 'user') throw new UnauthenticatedError();
  if (isRole(caller, 'ORG_LEADER') || !covers(caller, place))
    throw new ForbiddenError('These figures are for officers and analysts whose jurisdiction covers the scope', 'JURISDICTION');
}

/** Organization statistics for many scopes of one kind at once: a fixed number of statements per request. */
function organizationStatistics(ctx: RequestContext, scope: Scope) {
  return ctx.loaders.get<string, OrganizationStatistics>(`stats.organizations.${scope}`, async (ids) => {
    const params = [uuidArray(ids)];
    const col = `o.${scope}`;
    const counts = await ctx.em.execute<{ k: string; category: string; status: string; n: string }[]>(
      `select ${col} as k, category, status, count(*) as n from organization o where ${col} = any(?::uuid[]) group by 1, 2, 3`,
      params,
      'all',
    );
    const members = await ctx.em.execute<{ k: string; members: string; party: string }[]>(
      `select ${col} as k, count(*) as members, count(*) filter (where m.is_party_member) as party
       from member m join organization o on o.id = m.organization_id where ${col} = any(?::uuid[]) and o.status = 'FILED' group by 1`,
      params,
      'all',
    );
    // The district's policies as this tier received them (thresholds and target).
    // In the community table a community's own id is its scope column.
    const communityColumn = scope === 'community_id' ? 'id' : scope;
    const districts = await ctx.em.execute<{ k: string; district_id: string }[]>(
      `select distinct ${communityColumn} as k, district_id from community where ${communityColumn} = any(?::uuid[])`,
      params,
      'all',
    );
    const policies = await policiesFor(ctx.em, [...new Set(districts.map((d) => d.district_id))]);
    const districtOf = new Map(districts.map((d) => [d.k, d.district_id]));
    const threshold = (k: string) => policies.get(districtOf.get(k) ?? '')?.partyStationThreshold ?? 3;
    const target = (k: string) => policies.get(districtOf.get(k) ?? '')?.communityTarget ?? 5;
    const stations = await ctx.em.execute<{ k: string; party: string }[]>(
      `select ${col} as k, (select count(*) from member m where m.organization_id = o.id and m.is_party_member) as party
       from organization o where ${col} = any(?::uuid[]) and o.status = 'FILED' and not o.has_party_station`,
      params,
      'all',
    );
    const communities = await ctx.em.execute<{ k: string; filed: string }[]>(
      `select c.${communityColumn} as k, (select count(*) from organization o where o.community_id = c.id and o.status = 'FILED') as filed from community c where c.${communityColumn} = any(?::uuid[])`,
      params,
      'all',
    );
    return ids.map((id) => {
      const mine = counts.filter((c) => c.k === id);
      const tally = (key: 'category' | 'status', rows: typeof mine) => {
        const map = new Map<string, number>();
        for (const r of rows) map.set(r[key], (map.get(r[key]) ?? 0) + Number(r.n));
        return [...map]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, count]) => Object.assign(new KeyCount(), { key: k, count }));
      };
      const m = members.find((r) => r.k === id);
      return Object.assign(new OrganizationStatistics(), {
        total: mine.reduce((sum, r) => sum + Number(r.n), 0),
        filedByCategory: tally(
          'category',
          mine.filter((r) => r.status === OrganizationStatus.FILED),
        ),
        byStatus: tally('status', mine),
        members: Number(m?.members ?? 0),
        partyMembers: Number(m?.party ?? 0),
        lackingPartyStation: stations.filter((r) => r.k === id && Number(r.party) >= threshold(id)).length,
        communitiesBelowTarget: communities.filter((r) => r.k === id && Number(r.filed) < target(id)).length,
      });
    });
  });
}

function reportStatistics(ctx: RequestContext, scope: Scope) {
  return ctx.loaders.get<string, ReportStatistics>(`stats.reports.${scope}`, async (ids) => {
    const rows = await ctx.em.execute<{ k: string; status: string; n: string; overdue: string }[]>(
      `select ${scope} as k, status, count(*) as n,
              count(*) filter (where status in ('SUBMITTED', 'AT_STREET', 'AT_DISTRICT') and level_due_at < ?) as overdue
       from major_activity_report where ${scope} = any(?::uuid[]) group by 1, 2`,
      [clock.now(), uuidArray(ids)],
      'all',
    );
    return ids.map((id) => {
      const mine = rows.filter((r) => r.k === id).sort((a, b) => a.status.localeCompare(b.status));
      return Object.assign(new ReportStatistics(), {
        byStatus: mine.map((r) => Object.assign(new KeyCount(), { key: r.status, count: Number(r.n) })),
        overdue: mine.reduce((sum, r) => sum + Number(r.overdue), 0),
      });
    });
  });
}

/** The district of each street (from its communities): one statement per batch; null for a street with none. */
const districtOfStreet = (ctx: RequestContext) =>
  ctx.loaders.get<string, string | null>('street.district', async (ids) => {
    const rows = await ctx.em.execute<{ street_id: string; district_id: string }[]>(
      `select distinct street_id, district_id from community where street_id = any(?::uuid[])`,
      [uuidArray(ids)],
      'all',
    );
    return ids.map((id) => rows.find((r) => r.street_id === id)?.district_id ?? null);
  });

/** A street's figures: its officers, its district's officers and analysts. A street this tier has no community of has only zeros. */
async function assertStreetFigures(ctx: RequestContext, streetId: string): Promise<void> {
  const caller = ctx.caller;
  if (caller.kind !== 'user') throw new UnauthenticatedError();
  if (caller.role === 'COMMUNITY_OFFICER' || caller.role === 'ORG_LEADER')
    throw new ForbiddenError('Street figures are for the street’s and the district’s officers and analysts', 'JURISDICTION');
  const districtId = await districtOfStreet(ctx).load(streetId);
  if (districtId) assertFigures(caller, { districtId, streetId, communityId: null });
}

@Resolver(() => DistrictRef)
export class DistrictStatisticsResolver {
  @Authorized()
  @FieldResolver(() => OrganizationStatistics, {
    description: '组织统计 The district’s organizations (its officers and analysts).',
  })
  organizationStatistics(@Root() d: DistrictRef, @Ctx() ctx: RequestContext) {
    assertFigures(ctx.caller, { districtId: d.id, streetId: '', communityId: null });
    if (isRole(ctx.caller, 'STREET_OFFICER', 'COMMUNITY_OFFICER'))
      throw new ForbiddenError('District figures are for the district’s officers and analysts', 'JURISDICTION');
    return organizationStatistics(ctx, 'district_id').load(d.id);
  }

  @Authorized()
  @FieldResolver(() => ReportStatistics, {
    description: '汇报统计 The district’s major-activity reports (its officers and analysts).',
  })
  majorActivityReportStatistics(@Root() d: DistrictRef, @Ctx() ctx: RequestContext) {
    assertFigures(ctx.caller, { districtId: d.id, streetId: '', communityId: null });
    if (isRole(ctx.caller, 'STREET_OFFICER', 'COMMUNITY_OFFICER'))
      throw new ForbiddenError('District figures are for the district’s officers and analysts', 'JURISDICTION');
    return reportStatistics(ctx, 'district_id').load(d.id);
  }
}

@Resolver(() => StreetRef)
export class StreetStatisticsResolver {
  @Authorized()
  @FieldResolver(() => OrganizationStatistics, {
    description: '组织统计 The street’s organizations (its officers, the district’s, analysts).',
  })
  async organizationStatistics(@Root() s: StreetRef, @Ctx() ctx: RequestContext) {
    await assertStreetFigures(ctx, s.id);
    return organizationStatistics(ctx, 'street_id').load(s.id);
  }

  @Authorized()
  @FieldResolver(() => ReportStatistics, { description: '汇报统计 The street’s major-activity reports.' })
  async majorActivityReportStatistics(@Root() s: StreetRef, @Ctx() ctx: RequestContext) {
    await assertStreetFigures(ctx, s.id);
    return reportStatistics(ctx, 'street_id').load(s.id);
  }
}

@Resolver(() => Community)
export class CommunityStatisticsResolver {
  @Authorized()
  @FieldResolver(() => OrganizationStatistics, {
    description: '组织统计 The community’s organizations (officers and analysts whose jurisdiction covers it).',
  })
  organizationStatistics(@Root() c: Community, @Ctx() ctx: RequestContext) {
    assertFigures(ctx.caller, { districtId: c.districtId, streetId: c.streetId, communityId: c.id });
    return organizationStatistics(ctx, 'community_id').load(c.id);
  }

  @Authorized()
  @FieldResolver(() => ReportStatistics, { description: '汇报统计 The community’s major-activity reports.' })
  majorActivityReportStatistics(@Root() c: Community, @Ctx() ctx: RequestContext) {
    assertFigures(ctx.caller, { districtId: c.districtId, streetId: c.streetId, communityId: c.id });
    return reportStatistics(ctx, 'community_id').load(c.id);
  }
}

const satisfactionByOrganization = (ctx: RequestContext) =>
  ctx.loaders.get<string, SatisfactionRating[]>('satisfaction.byOrganization', async (ids) => {
    const rows = await ctx.em.find(
      SatisfactionRating,
      { organizationId: { $in: [...ids] } },
      { orderBy: { period: 'desc', evaluatorGroup: 'asc' } },
    );
    return ids.map((id) => rows.filter((r) => r.organizationId === id));
  });

@Resolver(() => Organization)
export class SatisfactionResolver {
  @Authorized('COMMUNITY_OFFICER')
  @Mutation(() => SatisfactionRating, {
    description:
      '满意度测评 Record an evaluator group’s score (0–100) of a FILED organization for a period (the officer of its community); one per group and period. Audited.',
  })
  async recordSatisfaction(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('period', { description: 'YYYY or YYYY-H1 / YYYY-H2, not in the future' }) period: string,
    @Arg('evaluatorGroup', () => EvaluatorGroup) evaluatorGroup: EvaluatorGroup,
    @Arg('score', () => Int) score: number,
    @Arg('comment', { defaultValue: '' }) comment: string,
    @Ctx() ctx: RequestContext,
  ): Promise<SatisfactionRating> {
    const org = await ctx.em.findOne(Organization, { id: requireUuid(organizationId, 'organizationId') });
    if (!org) throw new NotFoundError('Organization', organizationId);
    if (!isRole(ctx.caller, 'COMMUNITY_OFFICER') || org.community === null || ctx.caller.communityId !== org.community) {
      throw new ForbiddenError('Only the officer of the organization’s community records its evaluations', 'JURISDICTION');
    }
    const now = clock.now();
    const problems = new ProblemList();
    const match = PERIOD.exec(period);
    if (!match) problems.add('period', 'PERIOD_FORMAT', 'must be YYYY, YYYY-H1 or YYYY-H2');
    else if (
      Number(match[1]) > now.getUTCFullYear() ||
      (Number(match[1]) === now.getUTCFullYear() && match[2] === '-H2' && now.getUTCMonth() < 6)
    )
      problems.add('period', 'FUTURE_PERIOD', 'a period that has not begun cannot be rated');
    if (!Number.isInteger(score) || score < 0 || score > 100) problems.add('score', 'OUT_OF_RANGE', 'must be 0 to 100');
    textLength(problems, 'comment', comment, 0, 500);
    if (org.status !== OrganizationStatus.FILED)
      problems.rule(
        'organizationId',
        'ORGANIZATION_NOT_FILED',
        `only FILED organizations are evaluated; this one is ${org.status}`,
      );
    problems.throwIfAny();
    const duplicate = () => new ConflictError('This group rated the organization for that period already', 'ALREADY_RATED');
    return ctx.em
      .transactional(async (tx) => {
        if (await tx.count(SatisfactionRating, { organizationId: org.id, period, evaluatorGroup })) throw duplicate();
        const rating = tx.create(SatisfactionRating, {
          id: randomUUID(),
          organizationId: org.id,
          communityId: org.community!,
          streetId: org.streetId,
          districtId: org.districtId,
          period,
          evaluatorGroup,
          score,
          comment: comment.trim(),
          ratedAt: now,
        });
        recordAudit(tx, ctx, 'community', {
          action: 'recordSatisfaction',
          targetType: 'SatisfactionRating',
          targetId: rating.id,
          scopeId: org.districtId,
          before: null,
          after: { organizationId: org.id, period, evaluatorGroup, score },
        });
        return rating;
      })
      .catch((error: unknown) => {
        if (error instanceof UniqueConstraintViolationException) throw duplicate();
        throw error;
      });
  }

  @Authorized()
  @FieldResolver(() => [SatisfactionPeriod], {
    description: '满意度 Satisfaction results per period, newest first, with each group’s score.',
  })
  async satisfaction(@Root() org: Organization, @Ctx() ctx: RequestContext): Promise<SatisfactionPeriod[]> {
    const periods = new Map<string, SatisfactionRating[]>();
    for (const r of await satisfactionByOrganization(ctx).load(org.id))
      periods.set(r.period, [...(periods.get(r.period) ?? []), r]);
    return [...periods].map(([period, ratings]) =>
      Object.assign(new SatisfactionPeriod(), {
        period,
        ratings,
        average: Math.round((ratings.reduce((s, r) => s + r.score, 0) / ratings.length) * 10) / 10,
      }),
    );
  }

  @Authorized()
  @FieldResolver(() => OrganizationArchive, {
    description:
      '档案 The organization’s file: each tier adds the items it keeps (filing and activity materials, monthly reports, evaluations, inspections, awards, handling results).',
  })
  archive(@Root() org: Organization): OrganizationArchive {
    return Object.assign(new OrganizationArchive(), { id: org.id, organization: org });
  }
}

const KIND_OF_FILING: Record<string, [string, string]> = {
  NEW: ['FILING_MATERIALS', '成立备案申请'],
  CHANGE: ['CHANGE_MATERIALS', '变更备案申请'],
  DISSOLUTION: ['DISSOLUTION_MATERIALS', '注销备案申请'],
};

@Resolver(() => OrganizationArchive)
export class CommunityArchiveResolver {
  @FieldResolver(() => [ArchiveItem], {
    description:
      '社区档案 What the community committee keeps: filing, change and dissolution applications, major-activity reports, satisfaction evaluations.',
  })
  async community(@Root() archive: OrganizationArchive, @Ctx() ctx: RequestContext): Promise<ArchiveItem[]> {
    const [filings, allReports, ratings] = await Promise.all([
      childrenLoader(ctx, FilingApplication, 'organizationId', { submittedAt: 'asc', id: 'asc' }).load(archive.id),
      childrenLoader(ctx, MajorActivityReport, 'organizationId', { submittedAt: 'asc', id: 'asc' }).load(archive.id),
      satisfactionByOrganization(ctx).load(archive.id),
    ]);
    // A report the caller may not see (not yet forwarded to their level) stays out of the file too.
    const reports = allReports.filter((r) => canReadReport(ctx.caller, r));
    return [
      ...filings.map((f) =>
        ArchiveItem.of('community', KIND_OF_FILING[f.kind]![0], `${KIND_OF_FILING[f.kind]![1]}(${f.status})`, f.submittedAt),
      ),
      ...reports.map((r) =>
        ArchiveItem.of('community', 'ACTIVITY_MATERIALS', `重大活动汇报:${r.title}(${r.status})`, r.submittedAt),
      ),
      ...ratings.map((r) => ArchiveItem.of('community', 'EVALUATION', `满意度测评 ${r.period}:${r.score}分`, r.ratedAt)),
    ].sort(byDateDesc);
  }
}

export const archiveReferenceResolvers = {
  OrganizationArchive: {
    // The same rule as the organization itself: _entities is no back door.
    async __resolveReference(ref: { id: string }, ctx: RequestContext) {
      // The archive is for signed-in users, like Organization.archive itself.
      if (ctx.caller.kind !== 'user') throw new UnauthenticatedError();
      const org = await loadReference(organizationById(ctx), ref.id);
      if (!org) return null;
      assertCanReadOrganization(ctx.caller, org);
      return Object.assign(new OrganizationArchive(), { id: org.id, organization: org });
    },
  },
};
