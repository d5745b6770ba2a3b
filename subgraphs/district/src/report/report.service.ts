import { isRole, ReportDecidedByDistrict, ReportReviewedByStreet } from '@cso/contracts';
import {
  clock,
  ConflictError,
  consumerOf,
  emitEvent,
  ForbiddenError,
  NotFoundError,
  ProblemList,
  recordAudit,
  textLength,
  type Consumer,
  type RequestContext,
} from '@cso/platform';
import { latestRow, type DistrictDecision } from './escalation.js';
import { DistrictReport } from './report.entity.js';

/** 区协会决定 The district association approves (with conditions), rejects or returns a report forwarded by a street. Audited. */
export function decideEscalatedReport(
  ctx: RequestContext,
  reportId: string,
  decision: DistrictDecision,
  opinion: string,
  conditions: string | null,
): Promise<DistrictReport> {
  return ctx.em.transactional(async (tx) => {
    const row = await latestRow(tx, DistrictReport, reportId, true);
    if (!row) throw new NotFoundError('MajorActivityReport', reportId);
    if (!isRole(ctx.caller, 'DISTRICT_OFFICER') || ctx.caller.districtId !== row.districtId) {
      throw new ForbiddenError('Only the officers of the district association decide its reports', 'JURISDICTION');
    }
    if (row.decision)
      throw new ConflictError(
        `The district decided round ${row.round} of this report already (${row.decision})`,
        'ALREADY_DECIDED',
      );
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

/** A street forwarded a report: the district's queue gets the round (once). */
export const reportForwardedConsumer = consumerOf(ReportReviewedByStreet, async (tx, p) => {
  if (p.decision !== 'FORWARD') return;
  await tx.execute(
    `insert into district_report (report_id, round, organization_id, community_id, street_id, district_id, organization_name, title, planned_start, received_at, due_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
    [
      p.reportId,
      p.round,
      p.organizationId,
      p.communityId,
      p.streetId,
      p.districtId,
      p.organizationName,
      p.title,
      p.plannedStart,
      p.at,
      p.dueAt ?? p.at,
    ],
    'run',
  );
});

export const reportConsumers = [reportForwardedConsumer] as unknown as Consumer<unknown>[];
