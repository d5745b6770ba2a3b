import { ReportEscalated } from '@cso/contracts';
import { consumerOf, type Consumer } from '@cso/platform';
import { insertEscalatedRound } from './report.repository.js';

/** The community forwarded a report: the street's queue gets the round (once). */
export const reportEscalatedConsumer = consumerOf(ReportEscalated, (tx, p) => insertEscalatedRound(tx, p));

export const reportConsumers = [reportEscalatedConsumer] as unknown as Consumer<unknown>[];
