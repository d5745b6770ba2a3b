import { readPrepared, uuidArray, type ParentKeyset } from '@cso/platform';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MonthlyReport } from './monthly.entity.js';
import { expectedToReportCondition } from './monthly.policy.js';

/** The SQL of the monthly-report context. */

/** A scope column of `certificate` (and `monthly_report`) that figures are counted by. */
export type ScopeColumn = 'district_id' | 'street_id' | 'community_id';

export interface ComplianceCounts {
  expected: number;
  submitted: number;
  onTime: number;
}

/**
 * The compliance counts of one month for many scopes of one kind, in one statement: the
 * organizations expected to report (by their certificates), and their first reports of the month.
 * In key order; a scope with no certificate counts zeros.
 */
export async function complianceCounts(
  em: EntityManager,
  column: ScopeColumn,
  ids: readonly string[],
  month: string,
): Promise<ComplianceCounts[]> {
  const expected = expectedToReportCondition(month);
  // The scopes' first reports of the month, read from the (scope, month, revision) index alone and hashed: a join on
  // the month alone let the planner read the whole city's month, and a lookup per organization costs more than the
  // scope's month at every size (a report carries the place of its organization, as its certificate does).
  const rows = await readPrepared<{ k: string; expected: string; submitted: string; on_time: string }>(
    em,
    `with expected as (
       select organization_id, ${column} as k from certificate where ${column} = any(?::uuid[]) and ${expected.sql}
     ), reported as (
       select organization_id, late from monthly_report where ${column} = any(?::uuid[]) and month = ? and revision = 1
     )
     select e.k, count(*) as expected, count(r.organization_id) as submitted, count(*) filter (where r.late = false) as on_time
     from expected e left join reported r on r.organization_id = e.organization_id
     group by e.k`,
    [uuidArray(ids), ...expected.params, uuidArray(ids), month],
  );
  const byScope = new Map(rows.map((r) => [r.k, r]));
  return ids.map((id) => {
    const row = byScope.get(id);
    return { expected: Number(row?.expected ?? 0), submitted: Number(row?.submitted ?? 0), onTime: Number(row?.on_time ?? 0) };
  });
}

/** Where each community sits (from the certificates of its organizations), in one statement, in key order. */
export async function placesOfCommunities(
  em: EntityManager,
  ids: readonly string[],
): Promise<({ streetId: string; districtId: string } | null)[]> {
  const rows = await em.execute<{ community_id: string; street_id: string; district_id: string }[]>(
    `select distinct on (community_id) community_id, street_id, district_id from certificate where community_id = any(?::uuid[])`,
    [uuidArray(ids)],
    'all',
  );
  const byCommunity = new Map(rows.map((r) => [r.community_id, { streetId: r.street_id, districtId: r.district_id }]));
  return ids.map((id) => byCommunity.get(id) ?? null);
}

/** The current revisions of monthly reports under each organization, newest month first, within `readable` (the policy's SQL). */
export function currentReportsByOrganization(
  em: EntityManager,
  readable: { sql: string; params: unknown[] },
): ParentKeyset<MonthlyReport> {
  return {
    em,
    entity: MonthlyReport,
    table: 'monthly_report',
    sortColumn: 'month',
    where: ['superseded_at is null', readable.sql],
    params: [...readable.params],
    descending: true,
    parentColumn: 'organization_id',
    parentOf: (r: MonthlyReport) => r.organizationId,
  };
}

/** Serializes the reports of one organization and month (within the transaction), so that revisions never collide. */
export async function lockOrganizationMonth(tx: EntityManager, organizationId: string, month: string): Promise<void> {
  await tx.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`monthly:${organizationId}:${month}`], 'all');
}

/** The current report of an organization and month, if any. */
export function currentReport(tx: EntityManager, organizationId: string, month: string): Promise<MonthlyReport | null> {
  return tx.findOne(MonthlyReport, { organizationId, month, supersededAt: null });
}
