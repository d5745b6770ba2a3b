import { ReportReviewedByStreet } from '@cso/contracts';
import {
  clock,
  ConflictError,
  emitEvent,
  NotFoundError,
  ProblemList,
  recordAudit,
  textLength,
  type RequestContext,
} from '@cso/platform';
import { policyOf } from '../policy/received-policy.repository.js';
import type { StreetReport } from './report.entity.js';
import { EscalationDecision } from './report.enums.js';
import { assertMayReviewReport, districtReviewDueAt } from './report.policy.js';
import { latestRound } from './report.repository.js';

/** 街道审核 The street branch forwards a report to the district, returns it to the organization, or rejects it. Audited. */
export function reviewEscalatedReport(
  ctx: RequestContext,
  reportId: string,
  decision: EscalationDecision,
  opinion: string,
): Promise<StreetReport> {
  return ctx.em.transactional(async (tx) => {
    const row = await latestRound(tx, reportId, true);
    if (!row) throw new NotFoundError('MajorActivityReport', reportId);
    assertMayReviewReport(ctx.caller, row);
    if (row.decision)
      throw new ConflictError(
        `The street reviewed round ${row.round} of this report already (${row.decision})`,
        'ALREADY_REVIEWED',
      );
    const problems = new ProblemList();
    textLength(problems, 'opinion', opinion, 2, 500);
    problems.throwIfAny();
    const now = clock.now();
    Object.assign(row, { decision, opinion: opinion.trim(), reviewedAt: now, reviewerName: ctx.caller.name });
    const { reviewResponseDays } = await policyOf(tx, row.districtId);
    emitEvent(tx, ReportReviewedByStreet, {
      reportId: row.reportId,
      round: row.round,
      organizationId: row.organizationId,
      communityId: row.communityId,
      streetId: row.streetId,
      districtId: row.districtId,
      organizationName: row.organizationName,
      title: row.title,
      plannedStart: row.plannedStart.toISOString(),
      decision,
      opinion: row.opinion!,
      reviewerName: ctx.caller.name,
      at: now.toISOString(),
      dueAt: decision === EscalationDecision.FORWARD ? districtReviewDueAt(now, reviewResponseDays).toISOString() : null,
    });
    recordAudit(tx, ctx, 'street', {
      action: 'reviewEscalatedReport',
      targetType: 'MajorActivityReport',
      targetId: row.reportId,
      scopeId: row.districtId,
      before: { round: row.round, decision: null },
      after: { round: row.round, decision, opinion: row.opinion },
    });
    return row;
  });
}
