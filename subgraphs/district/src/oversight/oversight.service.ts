import { isRole } from '@cso/contracts';
import {
  clock,
  ConflictError,
  ForbiddenError,
  isIsoDate,
  textLength,
  NotFoundError,
  ProblemList,
  recordAudit,
  type RequestContext,
} from '@cso/platform';
import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { FiledOrganization } from '../filing/filing.entity.js';
import { Award, CreditEvent, type CreditKind, Inspection, InspectionResult } from './oversight.entity.js';

const TIER = 'district';

/** The organization as the district's register knows it; its district's officers only. */
async function registeredOrganization(ctx: RequestContext, organizationId: string): Promise<FiledOrganization> {
  const org = await ctx.em.findOne(FiledOrganization, { organizationId });
  if (!org) throw new NotFoundError('Organization', organizationId);
  if (!isRole(ctx.caller, 'DISTRICT_OFFICER') || ctx.caller.districtId !== org.districtId) {
    throw new ForbiddenError('Only the officers of the organization’s district association do this', 'JURISDICTION');
  }
  return org;
}

/** 年检 Records a FILED organization's inspection of a year; a FAIL sets a deadline to correct. Audited. */
export async function recordInspection(
  ctx: RequestContext,
  input: { organizationId: string; year: number; result: InspectionResult; findings: string; rectifyBy?: string | null },
): Promise<Inspection> {
  const org = await registeredOrganization(ctx, input.organizationId);
  const now = clock.now();
  const problems = new ProblemList();
  if (input.year < 2000 || input.year > now.getUTCFullYear())
    problems.add('input.year', 'OUT_OF_RANGE', `must be 2000 to ${now.getUTCFullYear()}`);
  textLength(problems, 'input.findings', input.findings, 2, 2000);
  if (input.result === InspectionResult.FAIL) {
    if (!input.rectifyBy) problems.add('input.rectifyBy', 'REQUIRED', 'a FAIL sets a deadline to correct (限期改正)');
    else if (!isIsoDate(input.rectifyBy) || input.rectifyBy <= now.toISOString().slice(0, 10)) {
      problems.add('input.rectifyBy', 'DATE', 'must be a future date as YYYY-MM-DD');
    }
  } else if (input.rectifyBy) problems.add('input.rectifyBy', 'NOT_APPLICABLE', 'only a FAIL has a deadline to correct');
  if (org.status !== 'FILED')
    problems.rule(
      'input.organizationId',
      'ORGANIZATION_NOT_FILED',
      `only FILED organizations are inspected; this one is ${org.status}`,
    );
  problems.throwIfAny();
  const duplicate = () =>
    new ConflictError(`Organization ${org.organizationId} was inspected for ${input.year} already`, 'ALREADY_INSPECTED');
  return ctx.em
    .transactional(async (tx) => {
      if (await tx.count(Inspection, { organizationId: org.organizationId, year: input.year })) throw duplicate();
      const inspection = tx.create(Inspection, {
        id: randomUUID(),
        organizationId: org.organizationId,
        districtId: org.districtId,
        streetId: org.streetId,
        communityId: org.communityId,
        year: input.year,
        result: input.result,
        findings: input.findings.trim(),
        rectifyBy: input.rectifyBy ?? null,
        inspectedAt: now,
        inspectorName: ctx.caller.kind === 'user' ? ctx.caller.name : '',
      });
      recordAudit(tx, ctx, TIER, {
        action: 'recordInspection',
        targetType: 'Inspection',
        targetId: inspection.id,
        scopeId: org.districtId,
        before: null,
        after: { organizationId: org.organizationId, year: input.year, result: input.result },
      });
      return inspection;
    })
    .catch((error: unknown) => {
      if (error instanceof UniqueConstraintViolationException) throw duplicate();
      throw error;
    });
}

/** 诚信评估 Records a credit event (positive or negative, with its reason). Audited. */
export async function recordCreditEvent(
  ctx: RequestContext,
  input: { organizationId: string; kind: CreditKind; points: number; reason: string },
): Promise<CreditEvent> {
  const org = await registeredOrganization(ctx, input.organizationId);
  const problems = new ProblemList();
  if (!Number.isInteger(input.points) || input.points < 1 || input.points > 100)
    problems.add('input.points', 'OUT_OF_RANGE', 'must be 1 to 100');
  textLength(problems, 'input.reason', input.reason, 2, 500);
  problems.throwIfAny();
  return ctx.em.transactional(async (tx) => {
    const event = tx.create(CreditEvent, {
      id: randomUUID(),
      organizationId: org.organizationId,
      districtId: org.districtId,
      kind: input.kind,
      points: input.points,
      reason: input.reason.trim(),
      recordedAt: clock.now(),
    });
    recordAudit(tx, ctx, TIER, {
      action: 'recordCreditEvent',
      targetType: 'CreditEvent',
      targetId: event.id,
      scopeId: org.districtId,
      before: null,
      after: { organizationId: org.organizationId, kind: input.kind, points: input.points },
    });
    return event;
  });
}

/** 表彰 Grants an award of a year to a FILED organization. Audited. */
export async function grantAward(
  ctx: RequestContext,
  input: { organizationId: string; year: number; title: string },
): Promise<Award> {
  const org = await registeredOrganization(ctx, input.organizationId);
  const now = clock.now();
  const problems = new ProblemList();
  if (input.year < 2000 || input.year > now.getUTCFullYear())
    problems.add('input.year', 'OUT_OF_RANGE', `must be 2000 to ${now.getUTCFullYear()}`);
  textLength(problems, 'input.title', input.title, 2, 100);
  if (org.status !== 'FILED')
    problems.rule(
      'input.organizationId',
      'ORGANIZATION_NOT_FILED',
      `only FILED organizations are awarded; this one is ${org.status}`,
    );
  problems.throwIfAny();
  const duplicate = () =>
    new ConflictError('This award was granted to the organization for that year already', 'ALREADY_AWARDED');
  return ctx.em
    .transactional(async (tx) => {
      if (await tx.count(Award, { organizationId: org.organizationId, year: input.year, title: input.title.trim() }))
        throw duplicate();
      const award = tx.create(Award, {
        id: randomUUID(),
        organizationId: org.organizationId,
        districtId: org.districtId,
        year: input.year,
        title: input.title.trim(),
        grantedAt: now,
      });
      recordAudit(tx, ctx, TIER, {
        action: 'grantAward',
        targetType: 'Award',
        targetId: award.id,
        scopeId: org.districtId,
        before: null,
        after: { organizationId: org.organizationId, year: input.year, title: award.title },
      });
      return award;
    })
    .catch((error: unknown) => {
      if (error instanceof UniqueConstraintViolationException) throw duplicate();
      throw error;
    });
}
