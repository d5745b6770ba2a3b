import {
  clock,
  loadOrNotFound,
  loadReference,
  maskName,
  maskPhone,
  NotFoundError,
  PageArgs,
  pageRequest,
  requireUuid,
  UnauthenticatedError,
  type RequestContext,
} from '@cso/platform';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Organization } from '../organization/organization.entity.js';
import { organizationById } from '../organization/organization.loader.js';
import { personalField } from '../organization/organization.policy.js';
import { personalDataAccessFor } from '../organization/organization.service.js';
import { MajorActivityReport, ReportStep } from './report.entity.js';
import { ReviewDecision } from './report.enums.js';
import { MajorActivityReportFilter, MajorActivityReportInput, MajorActivityReportRevision } from './report.inputs.js';
import { reportById, stepsByReport } from './report.loader.js';
import { assertCanReadReport, isOverdue } from './report.policy.js';
import { reportConditions, reportPage } from './report.repository.js';
import { resubmitReport, reviewReport, submitReport, withdrawReport } from './report.service.js';
import { LevelReview, MajorActivityReportConnection } from './report.types.js';

@Resolver(() => MajorActivityReport)
export class ReportResolver {
  @Authorized()
  @Query(() => MajorActivityReport, {
    description:
      '重大活动汇报 One report with its whole chain: the community’s review here, the street’s and the district’s from their subgraphs. The street sees it once forwarded to it (or overdue at the community), the district likewise.',
  })
  async majorActivityReport(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<MajorActivityReport> {
    const report = await loadOrNotFound(reportById(ctx), 'MajorActivityReport', id);
    assertCanReadReport(ctx.caller, report);
    return report;
  }

  @Authorized()
  @Query(() => MajorActivityReportConnection, {
    description:
      '重大活动汇报列表 The reports your jurisdiction may see, oldest first: a community officer all of the community’s; a street officer those forwarded to the street and those overdue at its communities; a district officer those forwarded to the district and those overdue at its streets. `filter: { level: STREET, status: AT_STREET }` is the street’s queue.',
  })
  async majorActivityReports(
    @Arg('filter', () => MajorActivityReportFilter, { nullable: true }) filter: MajorActivityReportFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
  ) {
    const request = pageRequest(page);
    if (ctx.caller.kind !== 'user') throw new UnauthenticatedError();
    const conditions = reportConditions(ctx.caller, filter, clock.now());
    return MajorActivityReportConnection.from(await reportPage(ctx.em, conditions, request));
  }

  @Authorized('ORG_LEADER', 'COMMUNITY_OFFICER')
  @Mutation(() => MajorActivityReport, {
    description:
      '提交重大活动汇报 Report a major activity before it takes place (the organization’s leader, or its community officer); only a FILED organization, at least the lead days ahead. Audited.',
  })
  submitMajorActivityReport(
    @Arg('input', () => MajorActivityReportInput) input: MajorActivityReportInput,
    @Ctx() ctx: RequestContext,
  ) {
    return submitReport(ctx, { ...input, organizationId: requireUuid(input.organizationId, 'input.organizationId') });
  }

  @Authorized('COMMUNITY_OFFICER')
  @Mutation(() => MajorActivityReport, {
    description:
      '社区审核 The community committee forwards a SUBMITTED report to the street, returns it, or rejects it; an opinion is required. Audited.',
  })
  reviewMajorActivityReport(
    @Arg('id', () => ID) id: string,
    @Arg('decision', () => ReviewDecision) decision: ReviewDecision,
    @Arg('opinion') opinion: string,
    @Ctx() ctx: RequestContext,
  ) {
    return reviewReport(ctx, requireUuid(id, 'id'), decision, opinion);
  }

  @Authorized('ORG_LEADER', 'COMMUNITY_OFFICER')
  @Mutation(() => MajorActivityReport, {
    description:
      '修改后重新提交 Revise a RETURNED report and submit it again; the chain starts over, the history stays. Audited.',
  })
  resubmitMajorActivityReport(
    @Arg('id', () => ID) id: string,
    @Arg('revision', () => MajorActivityReportRevision) revision: MajorActivityReportRevision,
    @Ctx() ctx: RequestContext,
  ) {
    return resubmitReport(ctx, requireUuid(id, 'id'), revision);
  }

  @Authorized('ORG_LEADER', 'COMMUNITY_OFFICER')
  @Mutation(() => MajorActivityReport, {
    description: '撤回 Withdraw a report that is still at the community or returned. Audited.',
  })
  withdrawMajorActivityReport(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return withdrawReport(ctx, requireUuid(id, 'id'));
  }

  @FieldResolver(() => Organization)
  async organization(@Root() report: MajorActivityReport, @Ctx() ctx: RequestContext): Promise<Organization> {
    const org = await organizationById(ctx).load(report.organizationId);
    if (!org) throw new NotFoundError('Organization', report.organizationId);
    return org;
  }

  @FieldResolver(() => Boolean, {
    description: '超期 True when the level holding it has not responded by its deadline (policy: review response days).',
  })
  overdue(@Root() report: MajorActivityReport): boolean {
    return isOverdue(report);
  }

  @FieldResolver(() => LevelReview, {
    nullable: true,
    description: '社区意见 The community committee’s review of the current round; null until reviewed.',
  })
  communityReview(@Root() r: MajorActivityReport): LevelReview | null {
    return LevelReview.of(r);
  }

  @FieldResolver(() => [ReportStep], { description: '办理记录 Every step of every round in every tier, oldest first.' })
  timeline(@Root() r: MajorActivityReport, @Ctx() ctx: RequestContext): Promise<ReportStep[]> {
    return stepsByReport(ctx).load(r.id);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      '联系人 In full for the organization’s leader and community officer, masked for other officers, null for analysts.',
  })
  async contactName(@Root() r: MajorActivityReport, @Ctx() ctx: RequestContext): Promise<string | null> {
    return personalField(await personalDataAccessFor(ctx, r.organizationId), r.contactName, maskName);
  }

  @FieldResolver(() => String, { nullable: true, description: '联系电话 As contactName.' })
  async contactPhone(@Root() r: MajorActivityReport, @Ctx() ctx: RequestContext): Promise<string | null> {
    return personalField(await personalDataAccessFor(ctx, r.organizationId), r.contactPhone, maskPhone);
  }
}

export const reportReferenceResolvers = {
  MajorActivityReport: {
    async __resolveReference(ref: { id: string }, ctx: RequestContext) {
      const report = await loadReference(reportById(ctx), ref.id);
      if (report) assertCanReadReport(ctx.caller, report);
      return report;
    },
  },
};
