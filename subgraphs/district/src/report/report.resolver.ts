import { keyReference, requireUuid, type RequestContext } from '@cso/platform';
import { assertCoversEscalated, rowsByRound, DistrictDecision, reviewOf } from './escalation.js';
import { Arg, Authorized, Ctx, Directive, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { ReportRef, DistrictReport, DistrictReportReview } from './report.entity.js';
import { decideEscalatedReport } from './report.service.js';

@Resolver(() => ReportRef)
export class DistrictReportResolver {
  @Authorized('DISTRICT_OFFICER')
  @Mutation(() => ReportRef, {
    description:
      '区协会决定 Approve (maybe with conditions), reject or return a report a street forwarded (district officers of its district); an opinion is required. Audited.',
  })
  async decideEscalatedReport(
    @Arg('reportId', () => ID) reportId: string,
    @Arg('decision', () => DistrictDecision) decision: DistrictDecision,
    @Arg('opinion') opinion: string,
    @Arg('conditions', () => String, { nullable: true, description: '附加条件 (approvals only)' }) conditions: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ReportRef> {
    const row = await decideEscalatedReport(ctx, requireUuid(reportId, 'reportId'), decision, opinion, conditions ?? null);
    return Object.assign(new ReportRef(), { id: row.reportId });
  }

  @FieldResolver(() => DistrictReportReview, {
    nullable: true,
    description:
      '区协会决定 The district association’s decision on the report’s current round; null until it has decided that round.',
  })
  @Directive('@requires(fields: "round")')
  async districtReview(@Root() ref: ReportRef, @Ctx() ctx: RequestContext): Promise<DistrictReportReview | null> {
    if (ref.round == null) return null;
    const row = await rowsByRound(ctx, DistrictReport).load(`${ref.id}:${ref.round}`);
    if (!row) return null;
    assertCoversEscalated(ctx.caller, row);
    return reviewOf(DistrictReportReview, row, { conditions: row.conditions });
  }
}

export const reportReferenceResolvers = {
  MajorActivityReport: {
    __resolveReference: keyReference(ReportRef, (ref: { id: unknown; round?: unknown }) => ({
      round: typeof ref.round === 'number' ? ref.round : undefined,
    })),
  },
};
