import {
  countsByParent,
  keysetPagesByParent,
  parentPages,
  type Page,
  type PageRequest,
  type RequestContext,
} from '@cso/platform';
import type { MonthlyReport } from './monthly.entity.js';
import { complianceCounts, currentReportsByOrganization, placesOfCommunities, type ScopeColumn } from './monthly.repository.js';
import { MonthlyCompliance } from './monthly.types.js';

/** The per-request loaders of the monthly-report context: one statement per batch, results in key order. */

/** The compliance figures of one month for many scopes of one kind (a column of `certificate`). */
export const complianceOf = (ctx: RequestContext, column: ScopeColumn, month: string) =>
  ctx.loaders.get<string, MonthlyCompliance>(`compliance.${column}.${month}`, async (ids) =>
    (await complianceCounts(ctx.em, column, ids, month)).map((counts) => MonthlyCompliance.of(month, counts)),
  );

/** Where each community sits, as far as the street knows (null: it holds no certificate there). */
export const placeOfCommunity = (ctx: RequestContext) =>
  ctx.loaders.get<string, { streetId: string; districtId: string } | null>('community.place', (ids) =>
    placesOfCommunities(ctx.em, ids),
  );

/**
 * A page of each organization's monthly reports (one statement for all organizations of a
 * request), with a lazy total count per organization (one statement for all, when asked).
 */
export const monthlyReportPages = (ctx: RequestContext, readable: { sql: string; params: unknown[] }, request: PageRequest) => {
  const source = currentReportsByOrganization(ctx.em, readable);
  const counts = ctx.loaders.get<string, number>('monthly.counts', (ids) => countsByParent(source, ids));
  return ctx.loaders.get<string, Page<MonthlyReport>>(`monthly.pages:${JSON.stringify(request)}`, async (ids) =>
    parentPages(await keysetPagesByParent(source, ids, request), request, (i) => counts.load(ids[i]!)),
  );
};
