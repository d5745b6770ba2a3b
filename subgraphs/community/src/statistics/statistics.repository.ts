import { readPrepared, uuidArray } from '@cso/platform';
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
 * Which grouping a row of {@link organizationFigures} belongs to: the bits of `grouping(category, status, party)`
 * (the community is not among them: for a community's own figures it is the scope column of every grouping).
 */
export const FIGURES_BY = { categoryAndStatus: 0b001, partyMembers: 0b110, community: 0b111 } as const;

/**
 * The figures of the organizations of each scope, in one pass over the scope's organization rows (no member
 * row read: the counters kept in each organization row), as three groupings of one statement:
 * - per category and status: organizations, members and party members;
 * - per number of party members: FILED organizations without a party station (the threshold is applied by the caller);
 * - per community: FILED organizations (communities with none have no row; see {@link communitiesOfScopes}).
 */
export function organizationFigures(em: EntityManager, scope: ScopeColumn, ids: readonly string[]) {
  return readPrepared<{
    k: string;
    g: number;
    category: string | null;
    status: string | null;
    party: number | null;
    community: string | null;
    n: string;
    members: string;
    party_members: string;
    lacking: string;
    filed: string;
  }>(
    em,
    `select o.${scope} as k, grouping(o.category, o.status, o.party_member_count) as g,
            o.category, o.status, o.party_member_count as party, o.community_id as community,
            count(*) as n, sum(o.member_count) as members, sum(o.party_member_count) as party_members,
            count(*) filter (where o.status = 'FILED' and not o.has_party_station) as lacking,
            count(*) filter (where o.status = 'FILED') as filed
     from organization o where o.${scope} = any(?::uuid[])
     group by grouping sets ((o.${scope}, o.category, o.status), (o.${scope}, o.party_member_count), (o.${scope}, o.community_id))`,
    [uuidArray(ids)],
  );
}

/** The communities of each scope with their district (whose policies apply to them). */
export function communitiesOfScopes(em: EntityManager, scope: ScopeColumn, ids: readonly string[]) {
  const column = communityColumn(scope);
  return readPrepared<{ k: string; community: string; district_id: string }>(
    em,
    `select ${column} as k, id as community, district_id from community where ${column} = any(?::uuid[])`,
    [uuidArray(ids)],
  );
}

/** Major-activity reports per scope and status, with how many are overdue at `now` (the overdue predicate's SQL twin). */
export function reportCounts(em: EntityManager, scope: ScopeColumn, ids: readonly string[], now: Date) {
  const overdue = overdueCondition(now);
  return readPrepared<{ k: string; status: string; n: string; overdue: string }>(
    em,
    `select ${scope} as k, status, count(*) as n, count(*) filter (where ${overdue.sql}) as overdue
     from major_activity_report where ${scope} = any(?::uuid[]) group by 1, 2`,
    [...overdue.params, uuidArray(ids)],
  );
}
