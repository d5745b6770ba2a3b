import type { EventContract } from '@cso/platform';
import { PoliciesUpdated } from '../policies.js';
import { ACCESS_EVENT_CONTRACTS } from './access.js';
import { FILING_EVENT_CONTRACTS } from './filing.js';
import { REPORT_EVENT_CONTRACTS } from './reports.js';

export * from './access.js';
export * from './filing.js';
export * from './reports.js';

/** Every event type and version of the federation: the published contracts in schema/events. */
export const EVENT_CONTRACTS: EventContract<unknown>[] = [
  PoliciesUpdated,
  ...FILING_EVENT_CONTRACTS,
  ...REPORT_EVENT_CONTRACTS,
  ...ACCESS_EVENT_CONTRACTS,
] as EventContract<unknown>[];
