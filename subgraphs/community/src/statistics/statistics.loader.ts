import { POLICY_DEFAULTS } from '@cso/contracts';
import { clock, type RequestContext } from '@cso/platform';
import { belowCommunityTarget } from '../community/community.policy.js';
import { OrganizationStatus } from '../organization/organization.enums.js';
import { needsPartyStation } from '../organization/organization.policy.js';
import { policiesFor } from '../policy/received-policy.repository.js';
import {
  districtsOfScopes,
  filedPerCommunity,
  filedWithoutPartyStation,
  organizationCounts,
  reportCounts,
  type ScopeColumn,
} from './statistics.repository.js';
import { KeyCount, OrganizationStatistics, ReportStatistics } from './statistics.types.js';

/** Sums `n` per value of `key`, ordered by key. */
function tally<R extends { n: string }>(rows: R[], key: (r: R) => string): KeyCount[] {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(key(r), (counts.get(key(r)) ?? 0) + Number(r.n));
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, count]) => KeyCount.of(k, count));
}

/** Organization statistics for many scopes of one kind at once: a fixed number of statements per batch, results in key order. */
export function organizationStatistics(ctx: RequestContext, scope: ScopeColumn) {
  return ctx.loaders.get<string, OrganizationStatistics>(`stats.organizations.${scope}`, async (ids) => {
    const counts = await organizationCounts(ctx.em, scope, ids);
    // The district's policies as this tier received them (thresholds and target).
    const districts = await districtsOfScopes(ctx.em, scope, ids);
    const policies = await policiesFor(ctx.em, [...new Set(districts.map((d) => d.district_id))]);
    const districtOf = new Map(districts.map((d) => [d.k, d.district_id]));
    const policy = (k: string) => policies.get(districtOf.get(k) ?? '') ?? POLICY_DEFAULTS;
    const stations = await filedWithoutPartyStation(ctx.em, scope, ids);
    const communities = await filedPerCommunity(ctx.em, scope, ids);
    return ids.map((id) => {
      const mine = counts.filter((c) => c.k === id);
      const filed = mine.filter((r) => r.status === OrganizationStatus.FILED);
      const { partyStationThreshold, communityTarget } = policy(id);
      return Object.assign(new OrganizationStatistics(), {
        total: mine.reduce((sum, r) => sum + Number(r.n), 0),
        filedByCategory: tally(filed, (r) => r.category),
        byStatus: tally(mine, (r) => r.status),
        members: filed.reduce((sum, r) => sum + Number(r.members), 0),
        partyMembers: filed.reduce((sum, r) => sum + Number(r.party), 0),
        lackingPartyStation: stations
          .filter((r) => r.k === id && needsPartyStation(Number(r.party), partyStationThreshold))
          .reduce((sum, r) => sum + Number(r.n), 0),
        communitiesBelowTarget: communities.filter((r) => r.k === id && belowCommunityTarget(Number(r.filed), communityTarget))
          .length,
      });
    });
  });
}

/** Major-activity report statistics for many scopes of one kind at once: one statement per batch, results in key order. */
export function reportStatistics(ctx: RequestContext, scope: ScopeColumn) {
  return ctx.loaders.get<string, ReportStatistics>(`stats.reports.${scope}`, async (ids) => {
    const rows = await reportCounts(ctx.em, scope, ids, clock.now());
    return ids.map((id) => {
      const mine = rows.filter((r) => r.k === id).sort((a, b) => a.status.localeCompare(b.status));
      return Object.assign(new ReportStatistics(), {
        byStatus: mine.map((r) => KeyCount.of(r.status, Number(r.n))),
        overdue: mine.reduce((sum, r) => sum + Number(r.overdue), 0),
      });
    });
  });
}
