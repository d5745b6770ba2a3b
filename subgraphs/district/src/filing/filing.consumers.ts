import { FilingProgressed } from '@cso/contracts';
import { consumerOf, type Consumer } from '@cso/platform';
import { registerCompletedFiling } from './filing.repository.js';

/** The street completed a filing: the district's register of filed organizations follows. */
export const filingProgressedConsumer = consumerOf(FilingProgressed, async (tx, p) => {
  if (p.stage !== 'COMPLETED') return;
  await registerCompletedFiling(tx, p);
});

export const filingConsumers = [filingProgressedConsumer] as unknown as Consumer<unknown>[];
