import 'reflect-metadata';
import type { Opt } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { consumerOf } from '../events/consumer.js';
import { defineEvent } from '../events/contract.js';

/**
 * The district's policy values (DESIGN §2): owned by the district, published as an event, and
 * enforced by the tier that applies each rule, with the values it has received.
 */
export const policyValues = z.object({
  /** 成员人数下限 members needed to be filed (seed 000: "in principle 10"). */
  minimumMembers: z.number().int().min(1).max(1000),
  /** 党员活动站 party members from which a station is required (seed 001: 3). */
  partyStationThreshold: z.number().int().min(1).max(100),
  /** 公示天数 days a public notice runs. */
  publicNoticeDays: z.number().int().min(0).max(60),
  /** 重大活动提前天数 days ahead a major activity must be reported. */
  majorActivityLeadDays: z.number().int().min(0).max(90),
  /** 审核时限 days each level has to respond. */
  reviewResponseDays: z.number().int().min(1).max(30),
  /** 月报截止日 day of the next month a monthly report is due. */
  monthlyReportDueDay: z.number().int().min(1).max(28),
  /** 社区组织目标数 filed organizations each community should have (seed 003: 5). */
  communityTarget: z.number().int().min(0).max(100),
});
export type PolicyValues = z.infer<typeof policyValues>;

export const POLICY_DEFAULTS: PolicyValues = {
  minimumMembers: 10,
  partyStationThreshold: 3,
  publicNoticeDays: 7,
  majorActivityLeadDays: 7,
  reviewResponseDays: 2,
  monthlyReportDueDay: 10,
  communityTarget: 5,
};

export const PoliciesUpdated = defineEvent({
  type: 'district.policies-updated',
  version: 1,
  description: 'The district association set new policy values; the street and community tiers apply them.',
  payload: z.object({ districtId: z.string().uuid(), values: policyValues, revision: z.number().int().min(1) }),
  consumers: ['street', 'community'],
});

/** A tier's copy of the policy values it has received, per district. */
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

/** The consumer every tier that applies policy rules registers. */
export const receivedPoliciesConsumer = consumerOf(PoliciesUpdated, async (tx, payload) => {
  await tx.execute(
    `insert into received_policy (district_id, values, revision, received_at) values (?, ?, ?, now())
     on conflict (district_id) do update set values = excluded.values, revision = excluded.revision, received_at = now()
     where received_policy.revision < excluded.revision`,
    [payload.districtId, JSON.stringify(payload.values), payload.revision],
    'run',
  );
});

/** The values a tier applies for a district: what it received, or the defaults before anything arrived. */
export async function policiesFor(em: EntityManager, districtIds: readonly string[]): Promise<Map<string, PolicyValues>> {
  const rows = await em.find(ReceivedPolicy, { districtId: { $in: [...districtIds] } });
  const byDistrict = new Map(rows.map((r) => [r.districtId, { ...POLICY_DEFAULTS, ...r.values }]));
  return new Map(districtIds.map((id) => [id, byDistrict.get(id) ?? POLICY_DEFAULTS]));
}
