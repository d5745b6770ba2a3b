import { withPolicyDefaults, type PolicyValues } from '@cso/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ReceivedPolicy } from './received-policy.entity.js';

/** The values this tier applies for each district: what it received, or the defaults before anything arrived. */
export async function policiesFor(em: EntityManager, districtIds: readonly string[]): Promise<Map<string, PolicyValues>> {
  const rows = await em.find(ReceivedPolicy, { districtId: { $in: [...districtIds] } });
  const byDistrict = new Map(rows.map((r) => [r.districtId, withPolicyDefaults(r.values)]));
  return new Map(districtIds.map((id) => [id, byDistrict.get(id) ?? withPolicyDefaults(null)]));
}

/** The values this tier applies for one district. */
export async function policiesOf(em: EntityManager, districtId: string): Promise<PolicyValues> {
  return (await policiesFor(em, [districtId])).get(districtId)!;
}
