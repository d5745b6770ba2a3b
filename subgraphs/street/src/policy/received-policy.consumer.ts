import { PoliciesUpdated } from '@cso/contracts';
import { clock, consumerOf } from '@cso/platform';
import { storePolicies } from './received-policy.repository.js';

/** Keeps the highest revision of the district's policies. */
export const receivedPoliciesConsumer = consumerOf(PoliciesUpdated, (tx, payload) =>
  storePolicies(tx, payload.districtId, payload.values, payload.revision, clock.now()),
);
