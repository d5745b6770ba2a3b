import { FilingCancelled, FilingProgressed, LeaderBlacklisted, type StreetStage } from '@cso/contracts';
import { consumerOf, type Consumer } from '@cso/platform';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { FilingKind, FilingStatus, OPEN_FILING_STATUSES } from './filing.enums.js';

/**
 * The community's projection of the other tiers' decisions: the filing's status and history and
 * the organization's lifecycle status (DESIGN §3). Each runs in the inbox transaction.
 */

const FILING_STATUS: Record<StreetStage, FilingStatus> = {
  PENDING: FilingStatus.FORWARDED,
  REJECTED: FilingStatus.REJECTED,
  NOTICE: FilingStatus.PUBLIC_NOTICE,
  OBJECTION_UPHELD: FilingStatus.REJECTED,
  COMPLETED: FilingStatus.COMPLETED,
  CANCELLED: FilingStatus.CANCELLED,
};

const STEP_ACTION: Record<StreetStage, string> = {
  PENDING: 'RECEIVED',
  REJECTED: 'REJECTED',
  NOTICE: 'NOTICE_OPENED',
  OBJECTION_UPHELD: 'OBJECTION_UPHELD',
  COMPLETED: 'COMPLETED',
  CANCELLED: 'CANCELLED',
};

/** The organization status a street stage leads to, per kind of filing (null: unchanged). */
function organizationStatus(kind: FilingKind, stage: StreetStage): string | null {
  if (kind === FilingKind.NEW)
    return (
      { NOTICE: 'PUBLIC_NOTICE', REJECTED: 'REJECTED', OBJECTION_UPHELD: 'REJECTED', COMPLETED: 'FILED' }[stage as string] ?? null
    );
  if (kind === FilingKind.DISSOLUTION)
    return { REJECTED: 'FILED', OBJECTION_UPHELD: 'FILED', COMPLETED: 'DISSOLVED' }[stage as string] ?? null;
  return null;
}

async function step(
  tx: EntityManager,
  filingId: string,
  tier: string,
  action: string,
  actorName: string,
  opinion: string | null,
  at: string,
): Promise<void> {
  await tx.execute(
    `insert into filing_step (id, filing_id, at, tier, action, actor_name, opinion) values (?, ?, ?, ?, ?, ?, ?)`,
    [randomUUID(), filingId, at, tier, action, actorName, opinion],
    'run',
  );
}

/** A change filing completed: the filed record takes the new values (and the new leader). */
async function applyChanges(tx: EntityManager, organizationId: string, changes: Record<string, unknown>): Promise<void> {
  const columns: [string, string][] = [
    ['name', 'name'],
    ['category', 'category'],
    ['purpose', 'purpose'],
    ['activityArea', 'activity_area'],
    ['activitySchedule', 'activity_schedule'],
  ];
  const set = columns.filter(([key]) => typeof changes[key] === 'string');
  if (set.length) {
    await tx.execute(
      `update organization set ${set.map(([key, column]) => `"${column}" = ?${key === 'category' ? '::organization_category' : ''}`).join(', ')}, updated_at = now() where id = ?`,
      [...set.map(([key]) => changes[key]), organizationId],
      'run',
    );
  }
  if (typeof changes.leaderMemberId === 'string') {
    // One statement, and only when the new leader is still on the roster: never an organization without a leader.
    await tx.execute(
      `update member set role = case when id = ? then 'LEADER' else 'CORE' end::member_role
       where organization_id = ? and (id = ? or role = 'LEADER') and exists (select 1 from member where id = ? and organization_id = ?)`,
      [changes.leaderMemberId, organizationId, changes.leaderMemberId, changes.leaderMemberId, organizationId],
      'run',
    );
  }
}

export const filingProgressedConsumer = consumerOf(FilingProgressed, async (tx, p) => {
  // Each event carries the street's whole state with a per-filing version: a late one is ignored.
  const [filing] = await tx.execute<{ kind: FilingKind; proposal: Record<string, unknown> }[]>(
    `update filing_application set street_version = ?, status = ?, updated_at = now()
     where id = ? and street_version < ? and status <> 'CANCELLED' returning kind, proposal`,
    [p.version, FILING_STATUS[p.stage], p.filingId, p.version],
    'all',
  );
  if (!filing) return;
  const opinion = p.stage === 'COMPLETED' && p.certificateNumber ? `备案证书 ${p.certificateNumber}` : p.opinion;
  await step(tx, p.filingId, 'street', STEP_ACTION[p.stage], '街道分会', opinion, p.at);
  const status = organizationStatus(filing.kind, p.stage);
  if (status)
    await tx.execute(
      `update organization set status = ?, updated_at = now() where id = ? and status <> 'CANCELLED'`,
      [status, p.organizationId],
      'run',
    );
  if (filing.kind === FilingKind.CHANGE && p.stage === 'COMPLETED')
    await applyChanges(tx, p.organizationId, (filing.proposal.changes ?? {}) as Record<string, unknown>);
});

export const filingCancelledConsumer = consumerOf(FilingCancelled, async (tx, p) => {
  // Filings first, then the organization: the order the review mutations lock in, so no deadlock.
  const open = await tx.execute<{ id: string }[]>(
    `update filing_application set status = 'CANCELLED', updated_at = now() where organization_id = ? and status in (${OPEN_FILING_STATUSES.map(() => '?').join(', ')}) returning id`,
    [p.organizationId, ...OPEN_FILING_STATUSES],
    'all',
  );
  await tx.execute(`update organization set status = 'CANCELLED', updated_at = now() where id = ?`, [p.organizationId], 'run');
  for (const { id } of open) await step(tx, id, 'district', 'CANCELLED', '区协会', `取消备案资格:${p.reason}`, p.cancelledAt);
});

export const leaderBlacklistedConsumer = consumerOf(LeaderBlacklisted, async (tx, p) => {
  await tx.execute(
    `insert into blacklisted_leader (district_id, id_number, name, reason, blacklisted_at) values (?, ?, ?, ?, ?) on conflict do nothing`,
    [p.districtId, p.idNumber, p.name, p.reason, p.at],
    'run',
  );
});

export const filingConsumers = [
  filingProgressedConsumer,
  filingCancelledConsumer,
  leaderBlacklistedConsumer,
] as unknown as Consumer<unknown>[];
