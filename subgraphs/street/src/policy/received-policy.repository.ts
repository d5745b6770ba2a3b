import { withPolicyDefaults, type PolicyValues } from '@cso/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ReceivedPolicy } from './received-policy.entity.js';

/** Keeps the district's values unless a higher revision is stored already (one statement). */
export async function storePolicies(
  tx: EntityManager,
  districtId: string,
  values: PolicyValues,
  revision: number,
  receivedAt: Date,
): Promise<void> {
  await tx.execute(
    `insert into received_policy (district_id, values, revision, received_at) values (?, ?, ?, ?)
     on conflict (district_id) do update set values = excluded.values, revision = excluded.revision, received_at = excluded.received_at
     where received_policy.revision < excluded.revision`,
    [districtId, JSON.stringify(values), revision, receivedAt],
    'run',
  );
}

/** The values this tier applies for each district: what it received, or the defaults before anything arrived. */
export async function policiesFor(em: EntityManager, districtIds: readonly string[]): Promise<Map<string, PolicyValues>> {
  const rows = await em.find(ReceivedPolicy, { districtId: { $in: [...districtIds] } });
  const byDistrict = new Map(rows.map((r) => [r.districtId, withPolicyDefaults(r.values)]));
  return new Map(districtIds.map((id) => [id, byDistrict.get(id) ?? withPolicyDefaults(null)]));
}

/** The values applied for one district. */
export async function policyOf(em: EntityManager, districtId: string): Promise<PolicyValues> {
  return (await policiesFor(em, [districtId])).get(districtId)!;
}
