import { requireUuid, type RequestContext } from '@cso/platform';
import { Arg, Authorized, Ctx, Directive, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { ReportRef } from '../federation/report.ref.js';
import { decideEscalatedReport, districtReviewOf } from './report.service.js';
import { DistrictDecision, DistrictReportReview } from './report.types.js';

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
    return ReportRef.of(row.reportId);
  }

  @FieldResolver(() => DistrictReportReview, {
    nullable: true,
    description:
      '区协会决定 The district association’s decision on the report’s current round; null until it has decided that round.',
  })
  @Directive('@requires(fields: "round")')
  districtReview(@Root() ref: ReportRef, @Ctx() ctx: RequestContext): Promise<DistrictReportReview | null> | null {
    return ref.round == null ? null : districtReviewOf(ctx, ref.id, ref.round);
  }
}
