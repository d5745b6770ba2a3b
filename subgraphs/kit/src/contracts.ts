import { FILING_EVENT_CONTRACTS } from './filing/contracts.js';
import { REPORT_EVENT_CONTRACTS } from './oversight/contracts.js';
import { PoliciesUpdated } from './policies/district-policies.js';

/** Every event type of the federation, for the committed contracts in schema/events. */
export const EVENT_CONTRACTS = [PoliciesUpdated, ...FILING_EVENT_CONTRACTS, ...REPORT_EVENT_CONTRACTS];
