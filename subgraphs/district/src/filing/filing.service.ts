import { FilingCancelled, FilingProgressed, isRole, LeaderBlacklisted } from '@cso/contracts';
import {
  ConflictError,
  consumerOf,
  emitEvent,
  ForbiddenError,
  isIdentityNumber,
  maskIdNumber,
  NotFoundError,
  personName,
  ProblemList,
  recordAudit,
  textLength,
  type Consumer,
  type RequestContext,
} from '@cso/platform';
import { randomUUID } from 'node:crypto';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { BlacklistEntry, FiledOrganization, FilingCancellation } from './filing.entity.js';

const TIER = 'district';

function assertDistrictOfficer(ctx: RequestContext, districtId: string): void {
  if (!isRole(ctx.caller, 'DISTRICT_OFFICER') || ctx.caller.districtId !== districtId) {
    throw new ForbiddenError('Only the officers of this district association do this', 'JURISDICTION');
  }
}

/** 取消备案资格 The district cancels a FILED organization's filing; the street voids the certificate, the community marks it CANCELLED. */
export function cancelFiling(ctx: RequestContext, organizationId: string, reason: string): Promise<FilingCancellation> {
  return ctx.em.transactional(async (tx) => {
    const org = await tx.findOne(FiledOrganization, { organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!org) throw new NotFoundError('Organization', organizationId);
    assertDistrictOfficer(ctx, org.districtId);
    if (org.status === 'CANCELLED')
      throw new ConflictError('This organization’s filing is cancelled already', 'ALREADY_CANCELLED');
    if (org.status !== 'FILED')
      throw new ConflictError(`Organization ${organizationId} is ${org.status}, not FILED`, 'NOT_FILED');
    const problems = new ProblemList();
    textLength(problems, 'reason', reason, 5, 500);
    problems.throwIfAny();
    const now = new Date();
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

export interface BlacklistInput {
  districtId: string;
  idNumber: string;
  name: string;
  reason: string;
}

/** 失信惩戒 The district blacklists a person; the community refuses filings led by them. */
export async function blacklistLeader(ctx: RequestContext, input: BlacklistInput): Promise<BlacklistEntry> {
  assertDistrictOfficer(ctx, input.districtId);
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
      if (await tx.count(BlacklistEntry, { districtId: input.districtId, idNumber })) throw duplicate();
      const entry = tx.create(BlacklistEntry, {
        id: randomUUID(),
        districtId: input.districtId,
        idNumber,
        name: input.name.trim(),
        reason: input.reason.trim(),
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

/** The street completed a filing: the district's register of filed organizations follows. */
export const filingProgressedConsumer = consumerOf(FilingProgressed, async (tx, p) => {
  if (p.stage !== 'COMPLETED') return;
  const status = p.kind === 'DISSOLUTION' ? 'DISSOLVED' : 'FILED';
  await tx.execute(
    `insert into filed_organization (organization_id, district_id, street_id, community_id, name, status, as_of) values (?, ?, ?, ?, ?, ?, ?)
     on conflict (organization_id) do update set name = excluded.name, status = excluded.status, as_of = excluded.as_of
     where filed_organization.as_of <= excluded.as_of and filed_organization.status <> 'CANCELLED'`,
    [p.organizationId, p.districtId, p.streetId, p.communityId, p.organizationName, status, p.at],
    'run',
  );
});

export const filingConsumers = [filingProgressedConsumer] as unknown as Consumer<unknown>[];
