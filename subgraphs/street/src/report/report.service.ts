import { isRole, ReportEscalated, ReportReviewedByStreet } from '@cso/contracts';
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
import { policiesFor } from '../policy/received-policy.js';
import { latestRow, type EscalationDecision } from './escalation.js';
import { StreetReport } from './report.entity.js';

const DAY = 24 * 60 * 60 * 1000;

/** 街道审核 The street branch forwards a report to the district, returns it to the organization, or rejects it. Audited. */
export function reviewEscalatedReport(
  ctx: RequestContext,
  reportId: string,
  decision: EscalationDecision,
  opinion: string,
): Promise<StreetReport> {
  return ctx.em.transactional(async (tx) => {
    const row = await latestRow(tx, StreetReport, reportId, true);
    if (!row) throw new NotFoundError('MajorActivityReport', reportId);
    if (!isRole(ctx.caller, 'STREET_OFFICER') || ctx.caller.streetId !== row.streetId) {
      throw new ForbiddenError('Only the officers of the report’s street branch review it', 'JURISDICTION');
    }
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
    const days = (await policiesFor(tx, [row.districtId])).get(row.districtId)!.reviewResponseDays;
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
      dueAt: decision === 'FORWARD' ? new Date(now.getTime() + days * DAY).toISOString() : null,
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

/** The community forwarded a report: the street's queue gets the round (once). */
export const reportEscalatedConsumer = consumerOf(ReportEscalated, async (tx, p) => {
  await tx.execute(
    `insert into street_report (report_id, round, organization_id, community_id, street_id, district_id, organization_name, title, planned_start, received_at, due_at)
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
      p.dueAt,
    ],
    'run',
  );
});

export const reportConsumers = [reportEscalatedConsumer] as unknown as Consumer<unknown>[];
