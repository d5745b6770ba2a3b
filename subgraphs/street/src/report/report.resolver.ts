import { keyReference, requireUuid, type RequestContext } from '@cso/platform';
import { assertCoversEscalated, rowsByRound, EscalationDecision, reviewOf } from './escalation.js';
import { Arg, Authorized, Ctx, Directive, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { ReportRef, StreetReport, StreetReportReview } from './report.entity.js';
import { reviewEscalatedReport } from './report.service.js';

@Resolver(() => ReportRef)
export class StreetReportResolver {
  @Authorized('STREET_OFFICER')
  @Mutation(() => ReportRef, {
    description:
      '街道审核 The street branch forwards a report to the district, returns it to the organization, or rejects it (officers of the report’s street); an opinion is required. Audited.',
  })
  async reviewEscalatedReport(
    @Arg('reportId', () => ID) reportId: string,
    @Arg('decision', () => EscalationDecision) decision: EscalationDecision,
    @Arg('opinion') opinion: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ReportRef> {
    const row = await reviewEscalatedReport(ctx, requireUuid(reportId, 'reportId'), decision, opinion);
    return Object.assign(new ReportRef(), { id: row.reportId });
  }

  @FieldResolver(() => StreetReportReview, {
    nullable: true,
    description: '街道意见 The street branch’s review of the report’s current round; null until it has reviewed that round.',
  })
  @Directive('@requires(fields: "round")')
  async streetReview(@Root() ref: ReportRef, @Ctx() ctx: RequestContext): Promise<StreetReportReview | null> {
    if (ref.round == null) return null;
    const row = await rowsByRound(ctx, StreetReport).load(`${ref.id}:${ref.round}`);
    if (!row) return null;
    assertCoversEscalated(ctx.caller, row);
    return reviewOf(StreetReportReview, row);
  }
}

export const reportReferenceResolvers = {
  MajorActivityReport: {
    __resolveReference: keyReference(ReportRef, (ref: { id: unknown; round?: unknown }) => ({
      round: typeof ref.round === 'number' ? ref.round : undefined,
    })),
  },
};
