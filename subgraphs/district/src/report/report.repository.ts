import type { ReportReviewedByStreet } from '@cso/contracts';
import { plainRowsWhereIn, type EventContract } from '@cso/platform';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DistrictReport } from './report.entity.js';

type PayloadOf<C> = C extends EventContract<infer P> ? P : never;

/** The latest round of a report at the district, locked for its decision; null when it never reached the district. */
export async function latestRoundForDecision(tx: EntityManager, reportId: string): Promise<DistrictReport | null> {
  const [latest] = await tx.find(
    DistrictReport,
    { reportId },
    { orderBy: { round: 'desc' }, limit: 1, lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  return latest ?? null;
}

/** Every round of many reports at the district, in one statement. */
export function roundsOfReports(em: EntityManager, reportIds: readonly string[]): Promise<DistrictReport[]> {
  return plainRowsWhereIn(em, DistrictReport, 'reportId', reportIds);
}

/** A round a street forwarded joins the district's queue, once (a redelivered event changes nothing). */
export async function insertForwardedRound(tx: EntityManager, p: PayloadOf<typeof ReportReviewedByStreet>): Promise<void> {
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
}
