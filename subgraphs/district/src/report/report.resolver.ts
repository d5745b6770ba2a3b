import { assertCoversEscalated, DistrictDecision, isUuid, requireUuid, reviewOf, uuidArray, type RequestContext } from '@cso/kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { ReportRef, DistrictReport, DistrictReportReview } from './report.entity.js';
import { decideEscalatedReport } from './report.service.js';

/** The latest round of each report at the district: one statement per batch. */
function latestByReport(ctx: RequestContext) {
  return ctx.loaders.get<string, DistrictReport | null>('districtReport.latest', async (ids) => {
    const rows = await ctx.em.execute<Record<string, unknown>[]>(
      `select distinct on (report_id) * from district_report where report_id = any(?::uuid[]) order by report_id, round desc`,
      [uuidArray(ids)],
      'all',
    );
    const reports = rows.map((r) => ctx.em.map(DistrictReport, r));
    return ids.map((id) => reports.find((r) => r.reportId === id) ?? null);
  });
}

@Resolver(() => ReportRef)
export class DistrictReportResolver {
  @Authorized('DISTRICT_OFFICER')
  @Mutation(() => ReportRef, {
    description: '区协会决定 Approve (maybe with conditions), reject or return a report a street forwarded (district officers of its district); an opinion is required. Audited.',
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

  @FieldResolver(() => DistrictReportReview, { nullable: true, description: '区协会决定 The district association’s decision on the current round; null until it has decided.' })
  async districtReview(@Root() ref: ReportRef, @Ctx() ctx: RequestContext): Promise<DistrictReportReview | null> {
    const row = await latestByReport(ctx).load(ref.id);
    if (!row) return null;
    assertCoversEscalated(ctx.caller, row);
    return reviewOf(DistrictReportReview, row, { conditions: row.conditions });
  }
}

export const reportReferenceResolvers = {
  MajorActivityReport: {
    __resolveReference: (ref: { id: string }) => (typeof ref.id === 'string' && isUuid(ref.id) ? Object.assign(new ReportRef(), { id: ref.id.toLowerCase() }) : null),
  },
};
