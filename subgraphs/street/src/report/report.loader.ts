import { inKeyOrder, type RequestContext } from '@cso/platform';
import type { StreetReport } from './report.entity.js';
import { roundsOf } from './report.repository.js';

/** The key of one round of a report. */
export const roundKey = (reportId: string, round: number) => `${reportId}:${round}`;

/** The street's row of each report for a given round (keys from {@link roundKey}): one statement per batch, in key order. */
export const streetReportByRound = (ctx: RequestContext) =>
  ctx.loaders.get<string, StreetReport | null>('StreetReport.byRound', async (keys) => {
    const reportIds = [...new Set(keys.map((k) => k.split(':')[0]!))];
    return inKeyOrder(keys, await roundsOf(ctx.em, reportIds), (r) => roundKey(r.reportId, r.round));
  });
