import { FilingCancelled, LeaderBlacklisted } from '@cso/contracts';
import {
  clock,
  ConflictError,
  emitEvent,
  isIdentityNumber,
  maskIdNumber,
  NotFoundError,
  personName,
  ProblemList,
  recordAudit,
  textLength,
  type PageRequest,
  type RequestContext,
} from '@cso/platform';
import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { BlacklistEntry, FilingCancellation } from './filing.entity.js';
import type { BlacklistInput } from './filing.inputs.js';
import { assertCancellable, assertMayBlacklist, assertMayCancelFiling, readableBlacklist } from './filing.policy.js';
import { blacklistPage, isBlacklisted, lockedRegisterEntry } from './filing.repository.js';
import { BlacklistConnection } from './filing.types.js';

const TIER = 'district';

/** 取消备案资格 The district cancels a FILED organization's filing; the street voids the certificate, the community marks it CANCELLED. */
export function cancelFiling(ctx: RequestContext, organizationId: string, reason: string): Promise<FilingCancellation> {
  return ctx.em.transactional(async (tx) => {
    const org = await lockedRegisterEntry(tx, organizationId);
    if (!org) throw new NotFoundError('Organization', organizationId);
    assertMayCancelFiling(ctx.caller, org);
    assertCancellable(org);
    const problems = new ProblemList();
    textLength(problems, 'reason', reason, 5, 500);
    problems.throwIfAny();
    const now = clock.now();
    const cancellation = tx.create(FilingCancellation, {
      id: randomUUID(),
      organizationId,
      districtId: org.districtId,
      reason: reason.trim(),
      cancelledAt: now,
      cancelledByName: ctx.caller.kind === 'user' ? ctx.caller.name : '',
    });
    org.status = 'CANCELLED';
    org.asOf = now;
    recordAudit(tx, ctx, TIER, {
      action: 'cancelFiling',
      targetType: 'Organization',
      targetId: organizationId,
      scopeId: org.districtId,
      before: { status: 'FILED' },
      after: { status: 'CANCELLED', reason: cancellation.reason },
    });
    emitEvent(tx, FilingCancelled, {
      organizationId,
      districtId: org.districtId,
      reason: cancellation.reason,
      cancelledAt: now.toISOString(),
    });
    return cancellation;
  });
}

/** 失信惩戒 The district blacklists a person; the community refuses filings led by them. */
export async function blacklistLeader(ctx: RequestContext, input: BlacklistInput): Promise<BlacklistEntry> {
  assertMayBlacklist(ctx.caller, input.districtId);
  const idNumber = input.idNumber.trim().toUpperCase();
  const problems = new ProblemList();
  if (!isIdentityNumber(idNumber))
    problems.add('input.idNumber', 'ID_NUMBER_CHECKSUM', 'is not a valid 18-character identity number');
  personName(problems, 'input.name', input.name);
  textLength(problems, 'input.reason', input.reason, 5, 500);
  problems.throwIfAny();
  const duplicate = () => new ConflictError('This person is on the blacklist already', 'ALREADY_BLACKLISTED');
  return ctx.em
    .transactional(async (tx) => {
      if (await isBlacklisted(tx, input.districtId, idNumber)) throw duplicate();
      const entry = tx.create(BlacklistEntry, {
        id: randomUUID(),
        districtId: input.districtId,
        idNumber,
        name: input.name.trim(),
        reason: input.reason.trim(),
        listedAt: clock.now(),
        listedByName: ctx.caller.kind === 'user' ? ctx.caller.name : '',
      });
      recordAudit(tx, ctx, TIER, {
        action: 'blacklistLeader',
        targetType: 'BlacklistEntry',
        targetId: entry.id,
        scopeId: input.districtId,
        before: null,
        after: { idNumber: maskIdNumber(idNumber), reason: entry.reason },
      });
      emitEvent(tx, LeaderBlacklisted, {
        districtId: input.districtId,
        idNumber,
        name: entry.name,
        reason: entry.reason,
        at: entry.listedAt.toISOString(),
      });
      return entry;
    })
    .catch((error: unknown) => {
      if (error instanceof UniqueConstraintViolationException) throw duplicate();
      throw error;
    });
}

/** A page of the district's blacklist, newest first, as far as the caller may read it (the resolver asserted the rule). */
export async function blacklistOf(ctx: RequestContext, districtId: string, request: PageRequest): Promise<BlacklistConnection> {
  return BlacklistConnection.from(await blacklistPage(ctx.em, districtId, readableBlacklist(ctx.caller), request));
}
