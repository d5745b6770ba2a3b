import { inKeyOrder, type RequestContext } from '@cso/platform';
import type { DistrictReport } from './report.entity.js';
import { roundsOfReports } from './report.repository.js';

/** The key of one round of a report. */
export const roundKey = (reportId: string, round: number) => `${reportId}:${round}`;

/** The district's row of each report round (keys from {@link roundKey}; null when that round never reached the district): one statement per batch, in key order. */
export const districtReportByRound = (ctx: RequestContext) =>
  ctx.loaders.get<string, DistrictReport | null>('districtReport.byRound', async (keys) => {
    const reportIds = [...new Set(keys.map((k) => k.split(':')[0]!))];
    return inKeyOrder(keys, await roundsOfReports(ctx.em, reportIds), (r) => roundKey(r.reportId, r.round));
  });
