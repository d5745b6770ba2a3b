import { ReportDecidedByDistrict } from '@cso/contracts';
import { clock, emitEvent, NotFoundError, ProblemList, recordAudit, textLength, type RequestContext } from '@cso/platform';
import type { DistrictReport } from './report.entity.js';
import { districtReportByRound, roundKey } from './report.loader.js';
import { assertMayDecideReport, assertMayReadDistrictReview, assertUndecided } from './report.policy.js';
import { latestRoundForDecision } from './report.repository.js';
import { DistrictReportReview, type DistrictDecision } from './report.types.js';

/** 区协会决定 The district association approves (with conditions), rejects or returns a report forwarded by a street. Audited. */
export function decideEscalatedReport(
  ctx: RequestContext,
  reportId: string,
  decision: DistrictDecision,
  opinion: string,
  conditions: string | null,
): Promise<DistrictReport> {
  return ctx.em.transactional(async (tx) => {
    const row = await latestRoundForDecision(tx, reportId);
    if (!row) throw new NotFoundError('MajorActivityReport', reportId);
    assertMayDecideReport(ctx.caller, row);
    assertUndecided(row);
    const problems = new ProblemList();
    textLength(problems, 'opinion', opinion, 2, 500);
    if (conditions != null && decision !== 'APPROVE')
      problems.add('conditions', 'NOT_APPLICABLE', 'conditions go with an approval only');
    textLength(problems, 'conditions', conditions, 2, 1000);
    problems.throwIfAny();
    const now = clock.now();
    Object.assign(row, {
      decision,
      opinion: opinion.trim(),
      conditions: conditions?.trim() ?? null,
      reviewedAt: now,
      reviewerName: ctx.caller.name,
    });
    emitEvent(tx, ReportDecidedByDistrict, {
      reportId: row.reportId,
      round: row.round,
      decision,
      opinion: row.opinion!,
      conditions: row.conditions,
      deciderName: ctx.caller.name,
      at: now.toISOString(),
    });
    recordAudit(tx, ctx, 'district', {
      action: 'decideEscalatedReport',
      targetType: 'MajorActivityReport',
      targetId: row.reportId,
      scopeId: row.districtId,
      before: { round: row.round, decision: null },
      after: { round: row.round, decision, opinion: row.opinion, conditions: row.conditions },
    });
    return row;
  });
}

/** The district's decision on one round of a report, for those whose jurisdiction covers it; null until it decided that round. */
export async function districtReviewOf(
  ctx: RequestContext,
  reportId: string,
  round: number,
): Promise<DistrictReportReview | null> {
  const row = await districtReportByRound(ctx).load(roundKey(reportId, round));
  if (!row) return null;
  assertMayReadDistrictReview(ctx.caller, row);
  return DistrictReportReview.of(row);
}
