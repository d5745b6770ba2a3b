import { randomUUID } from 'node:crypto';
import { consumerOf, ReportDecidedByDistrict, ReportReviewedByStreet, type Consumer } from '@cso/kit';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The community's projection of the street's and the district's reviews: the report's status,
 * level and timeline. An event applies only if it is of the report's current round and of a higher
 * level than the last one applied: a late or stale event changes nothing.
 */

const STREET = 2;
const DISTRICT = 3;

async function advance(tx: EntityManager, reportId: string, round: number, level: number, set: string, params: unknown[]): Promise<boolean> {
  const rows = await tx.execute<{ id: string }[]>(
    `update major_activity_report set ${set}, event_round = ?, event_level = ?, updated_at = now()
     where id = ? and round = ? and (event_round < ? or (event_round = ? and event_level < ?)) and status not in ('WITHDRAWN', 'APPROVED', 'REJECTED', 'RETURNED') returning id`,
    [...params, round, level, reportId, round, round, round, level],
    'all',
  );
  return rows.length > 0;
}

async function step(tx: EntityManager, reportId: string, round: number, tier: string, action: string, actorName: string, opinion: string | null, at: string): Promise<void> {
  await tx.execute(`insert into report_step (id, report_id, round, at, tier, action, actor_name, opinion) values (?, ?, ?, ?, ?, ?, ?, ?)`, [randomUUID(), reportId, round, at, tier, action, actorName, opinion], 'run');
}

export const reportReviewedByStreetConsumer = consumerOf(ReportReviewedByStreet, async (tx, p) => {
  const applied =
    p.decision === 'FORWARD'
      ? await advance(tx, p.reportId, p.round, STREET, `status = 'AT_DISTRICT', current_level = 'DISTRICT', level_since = ?, level_due_at = ?, reached_district_at = coalesce(reached_district_at, ?)`, [p.at, p.dueAt ?? p.at, p.at])
      : await advance(tx, p.reportId, p.round, STREET, `status = ?::report_status`, [p.decision === 'RETURN' ? 'RETURNED' : 'REJECTED']);
  if (applied) await step(tx, p.reportId, p.round, 'street', { FORWARD: 'FORWARDED', RETURN: 'RETURNED', REJECT: 'REJECTED' }[p.decision], p.reviewerName, p.opinion, p.at);
});

export const reportDecidedConsumer = consumerOf(ReportDecidedByDistrict, async (tx, p) => {
  const status = { APPROVE: 'APPROVED', REJECT: 'REJECTED', RETURN: 'RETURNED' }[p.decision];
  if (await advance(tx, p.reportId, p.round, DISTRICT, `status = ?::report_status`, [status])) {
    const opinion = p.conditions ? `${p.opinion}(条件:${p.conditions})` : p.opinion;
    await step(tx, p.reportId, p.round, 'district', status, p.deciderName, opinion, p.at);
  }
});

export const reportConsumers = [reportReviewedByStreetConsumer, reportDecidedConsumer] as unknown as Consumer<unknown>[];
