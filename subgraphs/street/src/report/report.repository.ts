import type { ReportEscalated } from '@cso/contracts';
import { plainRowsWhereIn, type EventContract } from '@cso/platform';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { StreetReport } from './report.entity.js';

type PayloadOf<C> = C extends EventContract<infer P> ? P : never;

/** The latest round of a report at the street (locked for a review), or null when it never reached the street. */
export async function latestRound(em: EntityManager, reportId: string, lock = false): Promise<StreetReport | null> {
  const [latest] = await em.find(
    StreetReport,
    { reportId },
    { orderBy: { round: 'desc' }, limit: 1, ...(lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {}) },
  );
  return latest ?? null;
}

/** Every round the street holds of the reports, in one statement. */
export function roundsOf(em: EntityManager, reportIds: readonly string[]): Promise<StreetReport[]> {
  return plainRowsWhereIn(em, StreetReport, 'reportId', reportIds);
}

/** Queues a round the community forwarded (once, however often the event arrives). */
export async function insertEscalatedRound(tx: EntityManager, p: PayloadOf<typeof ReportEscalated>): Promise<void> {
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
}
