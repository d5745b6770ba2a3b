import { requireUuid, type RequestContext } from '@cso/platform';
import { Arg, Authorized, Ctx, Directive, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { ReportRef } from '../federation/major-activity-report.ref.js';
import { EscalationDecision } from './report.enums.js';
import { roundKey, streetReportByRound } from './report.loader.js';
import { assertMayReadReportReview } from './report.policy.js';
import { reviewEscalatedReport } from './report.service.js';
import { StreetReportReview } from './report.types.js';

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
    return ReportRef.of(row.reportId);
  }

  @FieldResolver(() => StreetReportReview, {
    nullable: true,
    description: '街道意见 The street branch’s review of the report’s current round; null until it has reviewed that round.',
  })
  @Directive('@requires(fields: "round")')
  async streetReview(@Root() ref: ReportRef, @Ctx() ctx: RequestContext): Promise<StreetReportReview | null> {
    if (ref.round == null) return null;
    const row = await streetReportByRound(ctx).load(roundKey(ref.id, ref.round));
    if (!row) return null;
    assertMayReadReportReview(ctx.caller, row);
    return StreetReportReview.of(row);
  }
}
