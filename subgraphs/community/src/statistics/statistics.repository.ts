import { uuidArray } from '@cso/platform';
import type { EntityManager } from '@mikro-orm/postgresql';
import { overdueCondition } from '../report/report.policy.js';

/**
 * The figures' queries: each takes many scopes of one kind at once and returns rows keyed `k` by
 * scope id. The scope column comes from code (never from input); ids are parameters.
 */
export type ScopeColumn = 'district_id' | 'street_id' | 'community_id';

/** In the community table a community's own id is its scope column. */
const communityColumn = (scope: ScopeColumn) => (scope === 'community_id' ? 'id' : scope);

/**
 * Organizations per scope, category and status, with their members and party members (the counts
 * kept in each organization row): one pass over the scope's organization rows, no member row read.
 */
export function organizationCounts(em: EntityManager, scope: ScopeColumn, ids: readonly string[]) {
  return em.execute<{ k: string; category: string; status: string; n: string; members: string; party: string }[]>(
    `select o.${scope} as k, category, status, count(*) as n, sum(member_count) as members, sum(party_member_count) as party
     from organization o where o.${scope} = any(?::uuid[]) group by 1, 2, 3`,
    [uuidArray(ids)],
    'all',
  );
}

/** The district of each scope, from its communities (whose policies apply to it). */
export function districtsOfScopes(em: EntityManager, scope: ScopeColumn, ids: readonly string[]) {
  const column = communityColumn(scope);
  return em.execute<{ k: string; district_id: string }[]>(
    `select distinct ${column} as k, district_id from community where ${column} = any(?::uuid[])`,
    [uuidArray(ids)],
    'all',
  );
}

/** FILED organizations without a party station, per scope and number of party members (the threshold is applied by the caller). */
export function filedWithoutPartyStation(em: EntityManager, scope: ScopeColumn, ids: readonly string[]) {
  return em.execute<{ k: string; party: number; n: string }[]>(
    `select o.${scope} as k, party_member_count as party, count(*) as n
     from organization o where o.${scope} = any(?::uuid[]) and o.status = 'FILED' and not o.has_party_station group by 1, 2`,
    [uuidArray(ids)],
    'all',
  );
}

/** The FILED organizations of each community of the scopes. */
export function filedPerCommunity(em: EntityManager, scope: ScopeColumn, ids: readonly string[]) {
  const column = communityColumn(scope);
  return em.execute<{ k: string; filed: string }[]>(
    `select c.${column} as k, (select count(*) from organization o where o.community_id = c.id and o.status = 'FILED') as filed from community c where c.${column} = any(?::uuid[])`,
    [uuidArray(ids)],
    'all',
  );
}

/** Major-activity reports per scope and status, with how many are overdue at `now` (the overdue predicate's SQL twin). */
export function reportCounts(em: EntityManager, scope: ScopeColumn, ids: readonly string[], now: Date) {
  const overdue = overdueCondition(now);
  return em.execute<{ k: string; status: string; n: string; overdue: string }[]>(
    `select ${scope} as k, status, count(*) as n, count(*) filter (where ${overdue.sql}) as overdue
     from major_activity_report where ${scope} = any(?::uuid[]) group by 1, 2`,
    [...overdue.params, uuidArray(ids)],
    'all',
  );
}
