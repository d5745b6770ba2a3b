import { ReportDecidedByDistrict, ReportReviewedByStreet } from '@cso/contracts';
import { consumerOf, type Consumer } from '@cso/platform';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The community's projection of the street's and the district's reviews: the report's status,
 * level and timeline. An event of a round the organization has moved past changes nothing; within
 * a round the state only moves up the levels (see `apply`).
 */

const STREET = 2;
const DISTRICT = 3;

/**
 * Applies a level's event to the report of that round. The facts (the step in the timeline, that
 * the report reached the district) are recorded whatever the order in which events arrive; the
 * state (status, level, deadline) moves only forward: a street event that arrives after the
 * district's decision of the same round leaves the decision in place.
 */
async function apply(
  tx: EntityManager,
  p: { reportId: string; round: number; at: string },
  level: number,
  facts: { reachedDistrict: boolean; step: [tier: string, action: string, actorName: string, opinion: string | null] },
  state: { set: string; params: unknown[] },
): Promise<void> {
  const [report] = await tx.execute<{ round: number }[]>(
    `select round from major_activity_report where id = ? for update`,
    [p.reportId],
    'all',
  );
  if (!report || report.round !== p.round) return; // an event of a round the organization has moved past
  if (facts.reachedDistrict)
    await tx.execute(
      `update major_activity_report set reached_district_at = coalesce(reached_district_at, ?) where id = ?`,
      [p.at, p.reportId],
      'run',
    );
  const [tier, action, actorName, opinion] = facts.step;
  await tx.execute(
    `insert into report_step (id, report_id, round, at, tier, action, actor_name, opinion) values (?, ?, ?, ?, ?, ?, ?, ?)`,
    [randomUUID(), p.reportId, p.round, p.at, tier, action, actorName, opinion],
    'run',
  );
  await tx.execute(
    `update major_activity_report set ${state.set}, event_round = ?, event_level = ?, updated_at = now()
     where id = ? and (event_round < ? or (event_round = ? and event_level < ?)) and status not in ('WITHDRAWN', 'APPROVED', 'REJECTED', 'RETURNED')`,
    [...state.params, p.round, level, p.reportId, p.round, p.round, level],
    'run',
  );
}

export const reportReviewedByStreetConsumer = consumerOf(ReportReviewedByStreet, async (tx, p) => {
  const action = { FORWARD: 'FORWARDED', RETURN: 'RETURNED', REJECT: 'REJECTED' }[p.decision];
  await apply(
    tx,
    p,
    STREET,
    { reachedDistrict: p.decision === 'FORWARD', step: ['street', action, p.reviewerName, p.opinion] },
    p.decision === 'FORWARD'
      ? {
          set: `status = 'AT_DISTRICT', current_level = 'DISTRICT', level_since = ?, level_due_at = ?`,
          params: [p.at, p.dueAt ?? p.at],
        }
      : { set: `status = ?::report_status`, params: [p.decision === 'RETURN' ? 'RETURNED' : 'REJECTED'] },
  );
});

export const reportDecidedConsumer = consumerOf(ReportDecidedByDistrict, async (tx, p) => {
  const status = { APPROVE: 'APPROVED', REJECT: 'REJECTED', RETURN: 'RETURNED' }[p.decision];
  const opinion = p.conditions ? `${p.opinion}(条件:${p.conditions})` : p.opinion;
  await apply(
    tx,
    p,
    DISTRICT,
    { reachedDistrict: true, step: ['district', status, p.deciderName, opinion] },
    { set: `status = ?::report_status, current_level = 'DISTRICT'`, params: [status] },
  );
});

export const reportConsumers = [reportReviewedByStreetConsumer, reportDecidedConsumer] as unknown as Consumer<unknown>[];
