import { assertCoversEscalated, EscalationDecision, isUuid, requireUuid, reviewOf, uuidArray, type RequestContext } from '@cso/kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { ReportRef, StreetReport, StreetReportReview } from './report.entity.js';
import { reviewEscalatedReport } from './report.service.js';

/** The latest round of each report at this street: one statement per batch. */
function latestByReport(ctx: RequestContext) {
  return ctx.loaders.get<string, StreetReport | null>('streetReport.latest', async (ids) => {
    const rows = await ctx.em.execute<Record<string, unknown>[]>(
      `select distinct on (report_id) * from street_report where report_id = any(?::uuid[]) order by report_id, round desc`,
      [uuidArray(ids)],
      'all',
    );
    const reports = rows.map((r) => ctx.em.map(StreetReport, r));
    return ids.map((id) => reports.find((r) => r.reportId === id) ?? null);
  });
}

@Resolver(() => ReportRef)
export class StreetReportResolver {
  @Authorized('STREET_OFFICER')
  @Mutation(() => ReportRef, {
    description: '街道审核 The street branch forwards a report to the district, returns it to the organization, or rejects it (officers of the report’s street); an opinion is required. Audited.',
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

  @FieldResolver(() => StreetReportReview, { nullable: true, description: '街道意见 The street branch’s review of the current round; null until it has reviewed it.' })
  async streetReview(@Root() ref: ReportRef, @Ctx() ctx: RequestContext): Promise<StreetReportReview | null> {
    const row = await latestByReport(ctx).load(ref.id);
    if (!row) return null;
    assertCoversEscalated(ctx.caller, row);
    return reviewOf(StreetReportReview, row);
  }
}

export const reportReferenceResolvers = {
  MajorActivityReport: {
    __resolveReference: (ref: { id: string }) => (typeof ref.id === 'string' && isUuid(ref.id) ? Object.assign(new ReportRef(), { id: ref.id.toLowerCase() }) : null),
  },
};
