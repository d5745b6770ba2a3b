import { FilingCancelled, FilingForwarded } from '@cso/contracts';
import { consumerOf, type Consumer } from '@cso/platform';
import { CANCELLATION_PREFIX, cancelOpenFilings, insertForwardedFiling, voidCertificate } from './filing.repository.js';

/** The community forwarded a filing: it joins the street's queue (once, however often the event arrives). */
export const filingForwardedConsumer = consumerOf(FilingForwarded, (tx, p) => insertForwardedFiling(tx, p));

/** The district cancelled a filing: the certificate is voided and whatever was open at the street ends. */
export const filingCancelledConsumer = consumerOf(FilingCancelled, async (tx, p) => {
  await voidCertificate(tx, p.organizationId, p.cancelledAt, `${CANCELLATION_PREFIX}${p.reason}`);
  await cancelOpenFilings(tx, p.organizationId);
});

export const filingConsumers = [filingForwardedConsumer, filingCancelledConsumer] as unknown as Consumer<unknown>[];
