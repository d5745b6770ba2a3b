import { defineEvent } from '@cso/platform';
import { z } from 'zod';

/**
 * The district's policy values, version 1 (DESIGN §2): owned by the district, published as an
 * event, and enforced by the tier that applies each rule, with the values it has received. A value
 * added later is optional with a default here, so that version 1 payloads stay valid.
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
  aggregateKey: (p) => p.districtId,
});

/** The values a tier applies: what it received over the defaults (a value missing from an older payload keeps its default). */
export function withPolicyDefaults(values: Partial<PolicyValues> | null | undefined): PolicyValues {
  return { ...POLICY_DEFAULTS, ...values };
}
