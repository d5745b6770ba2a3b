import { PoliciesUpdated } from '@cso/contracts';
import { consumerOf } from '@cso/platform';

/** Keeps the highest revision of the district's policies. */
export const receivedPoliciesConsumer = consumerOf(PoliciesUpdated, async (tx, payload) => {
  await tx.execute(
    `insert into received_policy (district_id, values, revision, received_at) values (?, ?, ?, now())
     on conflict (district_id) do update set values = excluded.values, revision = excluded.revision, received_at = now()
     where received_policy.revision < excluded.revision`,
    [payload.districtId, JSON.stringify(payload.values), payload.revision],
    'run',
  );
});
