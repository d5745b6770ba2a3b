import { POLICY_DEFAULTS } from '@cso/contracts';
import { clock, type RequestContext } from '@cso/platform';
import { belowCommunityTarget } from '../community/community.policy.js';
import { OrganizationStatus } from '../organization/organization.enums.js';
import { needsPartyStation } from '../organization/organization.policy.js';
import { policiesFor } from '../policy/received-policy.repository.js';
import { communitiesOfScopes, FIGURES_BY, organizationFigures, reportCounts, type ScopeColumn } from './statistics.repository.js';
import { KeyCount, OrganizationStatistics, ReportStatistics } from './statistics.types.js';

/** Sums `n` per value of `key`, ordered by key. */
function tally<R extends { n: string }>(rows: R[], key: (r: R) => string): KeyCount[] {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(key(r), (counts.get(key(r)) ?? 0) + Number(r.n));
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, count]) => KeyCount.of(k, count));
}

/** Organization statistics for many scopes of one kind at once: three statements per batch, results in key order. */
export function organizationStatistics(ctx: RequestContext, scope: ScopeColumn) {
  return ctx.loaders.get<string, OrganizationStatistics>(`stats.organizations.${scope}`, async (ids) => {
    const figures = await organizationFigures(ctx.em, scope, ids);
    const communities = await communitiesOfScopes(ctx.em, scope, ids);
    // The district's policies as this tier received them (thresholds and target).
    const policies = await policiesFor(ctx.em, [...new Set(communities.map((c) => c.district_id))]);
    const districtOf = new Map(communities.map((c) => [c.k, c.district_id]));
    const policy = (k: string) => policies.get(districtOf.get(k) ?? '') ?? POLICY_DEFAULTS;
    const filedIn = new Map(
      figures.filter((r) => Number(r.g) === FIGURES_BY.community).map((r) => [r.community ?? '', Number(r.filed)]),
    );
    return ids.map((id) => {
      const mine = figures.filter((r) => r.k === id && Number(r.g) === FIGURES_BY.categoryAndStatus);
      const filed = mine.filter((r) => r.status === OrganizationStatus.FILED);
      const { partyStationThreshold, communityTarget } = policy(id);
      return Object.assign(new OrganizationStatistics(), {
        total: mine.reduce((sum, r) => sum + Number(r.n), 0),
        filedByCategory: tally(filed, (r) => r.category ?? ''),
        byStatus: tally(mine, (r) => r.status ?? ''),
        members: filed.reduce((sum, r) => sum + Number(r.members), 0),
        partyMembers: filed.reduce((sum, r) => sum + Number(r.party_members), 0),
        lackingPartyStation: figures
          .filter(
            (r) =>
              r.k === id && Number(r.g) === FIGURES_BY.partyMembers && needsPartyStation(Number(r.party), partyStationThreshold),
          )
          .reduce((sum, r) => sum + Number(r.lacking), 0),
        communitiesBelowTarget: communities.filter(
          (c) => c.k === id && belowCommunityTarget(filedIn.get(c.community) ?? 0, communityTarget),
        ).length,
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
