import type { Revocation } from '@cso/platform';
import { AccessRevoked } from '@cso/contracts';
import {
  addDays,
  clock,
  emitEvent,
  ProblemList,
  recordAudit,
  recordRevocation,
  textLength,
  type RequestContext,
} from '@cso/platform';
import { assertMayRevokeAccess } from './access.policy.js';
import type { RevokeAccessInput } from './access.inputs.js';
import { AccessRevocation } from './access.types.js';

/** No token lives longer than this (development tokens an hour, the identity provider's a few): a revoked token id is forgotten after it. */
const TOKEN_LIFETIME_DAYS = 1;

/**
 * 吊销 Revokes a token or every token of a person: kept in the district's own deny-list (this
 * service refuses it at once) and published to the other tiers and, through the district's list, to
 * the gateway; audited; all in one transaction.
 */
export async function revokeAccess(ctx: RequestContext, districtId: string, input: RevokeAccessInput): Promise<AccessRevocation> {
  assertMayRevokeAccess(ctx.caller, districtId);
  const problems = new ProblemList();
  const given = [input.tokenId, input.subject].filter((v) => v != null && v.trim() !== '');
  if (given.length !== 1) problems.add('input', 'ONE_OF', 'name exactly one of tokenId and subject');
  textLength(problems, 'input.tokenId', input.tokenId, 1, 200);
  textLength(problems, 'input.subject', input.subject, 1, 200);
  textLength(problems, 'input.reason', input.reason, 2, 500);
  const now = clock.now();
  if (input.until && input.until <= now) problems.add('input.until', 'PAST', 'must be in the future');
  problems.throwIfAny();
  const kind: 'jti' | 'sub' = input.tokenId ? 'jti' : 'sub';
  const value = (input.tokenId ?? input.subject)!.trim();
  const expiresAt = input.until ?? (kind === 'jti' ? addDays(now, TOKEN_LIFETIME_DAYS) : null);
  const entry: Revocation = { kind, value, reason: input.reason.trim(), revokedAt: now, expiresAt };
  const revocation = Object.assign(new AccessRevocation(), entry);
  await ctx.em.transactional(async (tx) => {
    await recordRevocation(tx, entry);
    recordAudit(tx, ctx, 'district', {
      action: 'revokeAccess',
      targetType: 'AccessRevocation',
      targetId: districtId,
      scopeId: districtId,
      before: null,
      after: { kind, value, reason: revocation.reason, expiresAt },
    });
    emitEvent(tx, AccessRevoked, {
      districtId,
      kind,
      value,
      reason: revocation.reason,
      revokedAt: now.toISOString(),
      expiresAt: expiresAt?.toISOString() ?? null,
    });
  });
  return revocation;
}
