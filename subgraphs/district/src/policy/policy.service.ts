import { isRole, policyValues, PoliciesUpdated, POLICY_DEFAULTS, type PolicyValues } from '@cso/contracts';
import { emitEvent, ForbiddenError, NotFoundError, ProblemList, recordAudit, type RequestContext } from '@cso/platform';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { District } from '../district/district.entity.js';
import { DistrictPolicy } from './policy.entity.js';
import type { PoliciesInput } from './policy.inputs.js';

/** Validates new values against the ranges of `policyValues`, naming every bad field. */
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

/** The district's current policies (the defaults until the first change). */
export async function policiesOf(em: EntityManager, districtId: string): Promise<DistrictPolicy> {
  const found = await em.findOne(DistrictPolicy, { districtId });
  return found ?? Object.assign(new DistrictPolicy(), { districtId, values: POLICY_DEFAULTS, revision: 0 });
}

/** The policy row, created if missing and locked: two first changes at once cannot collide. */
async function lockedPolicies(tx: EntityManager, districtId: string): Promise<DistrictPolicy> {
  await tx.execute(
    `insert into district_policy (district_id, values, revision) values (?, ?, 0) on conflict (district_id) do nothing`,
    [districtId, JSON.stringify(POLICY_DEFAULTS)],
    'run',
  );
  return tx.findOneOrFail(DistrictPolicy, { districtId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
}

/**
 * Changes the district's policies: a district officer of that district; validated, audited, and
 * published to the other tiers through the outbox, all in one transaction.
 */
export function updatePolicies(ctx: RequestContext, districtId: string, input: PoliciesInput): Promise<DistrictPolicy> {
  if (!isRole(ctx.caller, 'DISTRICT_OFFICER') || ctx.caller.districtId !== districtId) {
    throw new ForbiddenError('Only the officers of this district association set its policies', 'JURISDICTION');
  }
  return ctx.em.transactional(async (tx) => {
    if (!(await tx.findOne(District, { id: districtId }))) throw new NotFoundError('District', districtId);
    const policy = await lockedPolicies(tx, districtId);
    const before = { ...policy.values };
    policy.values = checkedValues(policy.values, input);
    policy.revision += 1;
    policy.updatedAt = new Date();
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
