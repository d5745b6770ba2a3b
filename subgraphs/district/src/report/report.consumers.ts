import { ReportReviewedByStreet } from '@cso/contracts';
import { consumerOf, type Consumer } from '@cso/platform';
import { insertForwardedRound } from './report.repository.js';

/** A street forwarded a report: the district's queue gets the round (once). */
export const reportForwardedConsumer = consumerOf(ReportReviewedByStreet, async (tx, p) => {
  if (p.decision !== 'FORWARD') return;
  await insertForwardedRound(tx, p);
});

export const reportConsumers = [reportForwardedConsumer] as unknown as Consumer<unknown>[];
