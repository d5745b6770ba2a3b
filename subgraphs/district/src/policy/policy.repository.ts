import { POLICY_DEFAULTS } from '@cso/contracts';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DistrictPolicy } from './policy.entity.js';

/** The policies of a district that never changed them: the defaults, revision 0 (not stored). */
export function defaultPolicies(districtId: string): DistrictPolicy {
  return Object.assign(new DistrictPolicy(), { districtId, values: POLICY_DEFAULTS, revision: 0 });
}

/** The stored policies of many districts at once (a district without a row is absent). */
export function storedPolicies(em: EntityManager, districtIds: readonly string[]): Promise<DistrictPolicy[]> {
  return em.find(DistrictPolicy, { districtId: { $in: [...districtIds] } });
}

/** The policy row, created if missing and locked: two first changes at once cannot collide. */
export async function lockedPolicies(tx: EntityManager, districtId: string): Promise<DistrictPolicy> {
  await tx.execute(
    `insert into district_policy (district_id, values, revision) values (?, ?, 0) on conflict (district_id) do nothing`,
    [districtId, JSON.stringify(POLICY_DEFAULTS)],
    'run',
  );
  return tx.findOneOrFail(DistrictPolicy, { districtId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
}
