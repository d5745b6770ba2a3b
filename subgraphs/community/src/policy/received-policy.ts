import 'reflect-metadata';
import { PoliciesUpdated, withPolicyDefaults, type PolicyValues } from '@cso/contracts';
import { consumerOf } from '@cso/platform';
import type { Opt } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { EntityManager } from '@mikro-orm/postgresql';

/** This tier's copy of the policy values it has received, per district. */
@Entity({ tableName: 'received_policy' })
export class ReceivedPolicy {
  @PrimaryKey({ type: 'uuid' })
  districtId!: string;

  @Property({ type: 'jsonb' })
  values!: PolicyValues;

  /** The district's revision counter: an older event arriving late never overwrites a newer one. */
  @Property({ type: 'integer' })
  revision!: number;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)', defaultRaw: 'now()' })
  receivedAt: Opt<Date> = new Date();
}

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

/** The values this tier applies for each district: what it received, or the defaults before anything arrived. */
export async function policiesFor(em: EntityManager, districtIds: readonly string[]): Promise<Map<string, PolicyValues>> {
  const rows = await em.find(ReceivedPolicy, { districtId: { $in: [...districtIds] } });
  const byDistrict = new Map(rows.map((r) => [r.districtId, withPolicyDefaults(r.values)]));
  return new Map(districtIds.map((id) => [id, byDistrict.get(id) ?? withPolicyDefaults(null)]));
}
