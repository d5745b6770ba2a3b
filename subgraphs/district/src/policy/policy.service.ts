import { policyValues, PoliciesUpdated, type PolicyValues } from '@cso/contracts';
import { clock, emitEvent, NotFoundError, ProblemList, recordAudit, type RequestContext } from '@cso/platform';
import { District } from '../district/district.entity.js';
import type { DistrictPolicy } from './policy.entity.js';
import type { PoliciesInput } from './policy.inputs.js';
import { assertMaySetPolicies } from './policy.policy.js';
import { lockedPolicies } from './policy.repository.js';

/** Validates new values against the ranges of `policyValues`, naming every bad field at once. */
function checkedValues(current: PolicyValues, input: PoliciesInput): PolicyValues {
  const next = { ...current };
  for (const [key, value] of Object.entries(input))
    if (value !== undefined && value !== null) next[key as keyof PolicyValues] = value;
  const result = policyValues.safeParse(next);
  if (!result.success) {
    const problems = new ProblemList();
    for (const issue of result.error.issues) problems.add(`input.${issue.path.join('.')}`, 'OUT_OF_RANGE', issue.message);
    problems.throwIfAny();
  }
  return result.data!;
}

/**
 * Changes the district's policies: a district officer of that district; validated, audited, and
 * published to the other tiers through the outbox, all in one transaction.
 */
export async function updatePolicies(ctx: RequestContext, districtId: string, input: PoliciesInput): Promise<DistrictPolicy> {
  assertMaySetPolicies(ctx.caller, districtId);
  return ctx.em.transactional(async (tx) => {
    if (!(await tx.findOne(District, { id: districtId }))) throw new NotFoundError('District', districtId);
    const policy = await lockedPolicies(tx, districtId);
    const before = { ...policy.values };
    policy.values = checkedValues(policy.values, input);
    policy.revision += 1;
    policy.updatedAt = clock.now();
    tx.persist(policy);
    recordAudit(tx, ctx, 'district', {
      action: 'updatePolicies',
      targetType: 'DistrictPolicy',
      targetId: districtId,
      scopeId: districtId,
      before,
      after: { ...policy.values },
    });
    emitEvent(tx, PoliciesUpdated, { districtId, values: policy.values, revision: policy.revision });
    return policy;
  });
}
