import {
  clock,
  ConflictError,
  isIsoDate,
  localDate,
  localYear,
  NotFoundError,
  ProblemList,
  recordAudit,
  textLength,
  type RequestContext,
} from '@cso/platform';
import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { FiledOrganization } from '../filing/filing.entity.js';
import { registerById } from '../filing/filing.loader.js';
import { Award, CreditEvent, Inspection, InspectionResult } from './oversight.entity.js';
import type { AwardInput, CreditEventInput, InspectionInput } from './oversight.inputs.js';
import { creditEventsByOrganization, readableRegisterEntry } from './oversight.loader.js';
import { assertMayRecordOversight } from './oversight.policy.js';
import { CreditRecord } from './oversight.types.js';

const TIER = 'district';

/** The organization as the district's register knows it, for its district's officers to record on. */
async function recordableOrganization(ctx: RequestContext, organizationId: string): Promise<FiledOrganization> {
  const org = await registerById(ctx).load(organizationId);
  if (!org) throw new NotFoundError('Organization', organizationId);
  assertMayRecordOversight(ctx.caller, org);
  return org;
}

/** 年度 An inspection or award year: from 2000 to this year, in Beijing. */
function checkYear(problems: ProblemList, year: number, now: Date): void {
  const thisYear = localYear(now);
  if (year < 2000 || year > thisYear) problems.add('input.year', 'OUT_OF_RANGE', `must be 2000 to ${thisYear}`);
}

/** 限期改正 A FAIL sets a deadline to correct, a date after today in Beijing; no other result has one. */
function checkRectifyBy(problems: ProblemList, result: InspectionResult, rectifyBy: string | null | undefined, now: Date): void {
  if (result === InspectionResult.FAIL) {
    if (!rectifyBy) problems.add('input.rectifyBy', 'REQUIRED', 'a FAIL sets a deadline to correct (限期改正)');
    else if (!isIsoDate(rectifyBy) || rectifyBy <= localDate(now))
      problems.add('input.rectifyBy', 'DATE', 'must be a future date as YYYY-MM-DD');
  } else if (rectifyBy) problems.add('input.rectifyBy', 'NOT_APPLICABLE', 'only a FAIL has a deadline to correct');
}

/** Only FILED organizations are inspected or awarded. */
function checkFiled(problems: ProblemList, org: FiledOrganization, what: string): void {
  if (org.status !== 'FILED')
    problems.rule(
      'input.organizationId',
      'ORGANIZATION_NOT_FILED',
      `only FILED organizations are ${what}; this one is ${org.status}`,
    );
}

/** 年检 Records a FILED organization's inspection of a year; a FAIL sets a deadline to correct. Audited. */
export async function recordInspection(ctx: RequestContext, input: InspectionInput): Promise<Inspection> {
  const org = await recordableOrganization(ctx, input.organizationId);
  const now = clock.now();
  const problems = new ProblemList();
  checkYear(problems, input.year, now);
  textLength(problems, 'input.findings', input.findings, 2, 2000);
  checkRectifyBy(problems, input.result, input.rectifyBy, now);
  checkFiled(problems, org, 'inspected');
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
export async function recordCreditEvent(ctx: RequestContext, input: CreditEventInput): Promise<CreditEvent> {
  const org = await recordableOrganization(ctx, input.organizationId);
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
export async function grantAward(ctx: RequestContext, input: AwardInput): Promise<Award> {
  const org = await recordableOrganization(ctx, input.organizationId);
  const now = clock.now();
  const problems = new ProblemList();
  checkYear(problems, input.year, now);
  textLength(problems, 'input.title', input.title, 2, 100);
  checkFiled(problems, org, 'awarded');
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

/** 诚信 An organization's credit, for those who may read its records; null when the district never registered it. */
export async function creditOf(ctx: RequestContext, organizationId: string): Promise<CreditRecord | null> {
  if (!(await readableRegisterEntry(ctx, organizationId))) return null;
  return CreditRecord.of(await creditEventsByOrganization(ctx).load(organizationId));
}
