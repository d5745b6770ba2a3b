import { covers, isRole, ReportEscalated, type Placement } from '@cso/contracts';
import {
  clock,
  ConflictError,
  emitEvent,
  ForbiddenError,
  mobilePhone,
  NotFoundError,
  personName,
  ProblemList,
  recordAudit,
  textLength,
  type Caller,
  type RequestContext,
} from '@cso/platform';
import { policiesFor } from '../policy/received-policy.js';
import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Organization } from '../organization/organization.entity.js';
import { OrganizationStatus } from '../organization/organization.enums.js';
import { MajorActivityReport, ReportStep } from './report.entity.js';
import { ReportLevel, ReportStatus, ReviewDecision } from './report.enums.js';
import type { MajorActivityReportInput, MajorActivityReportRevision } from './report.inputs.js';

const TIER = 'community';
const DAY = 24 * 60 * 60 * 1000;

export function reportPlacement(r: MajorActivityReport): Placement {
  return { districtId: r.districtId, streetId: r.streetId, communityId: r.communityId, organizationId: r.organizationId };
}

/**
 * Who reads a report: its organization's leader and community; the street once the report reached
 * it or is overdue at the community; the district once it reached the district or is overdue at the
 * street (the level above sees overdue items); analysts of the district.
 */
export function canReadReport(caller: Caller, r: MajorActivityReport, now = clock.now()): boolean {
  if (!covers(caller, reportPlacement(r))) return false;
  const overdue = isOverdue(r, now);
  if (isRole(caller, 'STREET_OFFICER'))
    return r.reachedStreetAt !== null || (overdue && r.currentLevel === ReportLevel.COMMUNITY);
  if (isRole(caller, 'DISTRICT_OFFICER'))
    return r.reachedDistrictAt !== null || (overdue && r.currentLevel === ReportLevel.STREET);
  return true;
}

export function assertCanReadReport(caller: Caller, r: MajorActivityReport): void {
  if (!canReadReport(caller, r))
    throw new ForbiddenError(`Major-activity report ${r.id} is outside your jurisdiction`, 'JURISDICTION');
}

/** The same rule as SQL, for lists. */
export function readableReports(caller: Caller, now: Date): { sql: string; params: unknown[] } {
  if (caller.kind !== 'user') return { sql: 'false', params: [] };
  const overdueAt = (level: ReportLevel) =>
    `(current_level = '${level}' and status in ('SUBMITTED', 'AT_STREET', 'AT_DISTRICT') and level_due_at < ?)`;
  switch (caller.role) {
    case 'DISTRICT_OFFICER':
      return {
        sql: `district_id = ? and (reached_district_at is not null or ${overdueAt(ReportLevel.STREET)})`,
        params: [caller.districtId, now],
      };
    case 'ANALYST':
      return { sql: 'district_id = ?', params: [caller.districtId] };
    case 'STREET_OFFICER':
      return {
        sql: `street_id = ? and (reached_street_at is not null or ${overdueAt(ReportLevel.COMMUNITY)})`,
        params: [caller.streetId, now],
      };
    case 'COMMUNITY_OFFICER':
      return { sql: 'community_id = ?', params: [caller.communityId] };
    case 'ORG_LEADER':
      return { sql: 'organization_id = ?', params: [caller.organizationId] };
  }
}

export function isOverdue(r: MajorActivityReport, now = clock.now()): boolean {
  return [ReportStatus.SUBMITTED, ReportStatus.AT_STREET, ReportStatus.AT_DISTRICT].includes(r.status) && r.levelDueAt < now;
}

/** The organization's leader or its community officer. */
function assertCanReportFor(caller: Caller, org: Organization): void {
  const allowed =
    (isRole(caller, 'ORG_LEADER') && caller.organizationId === org.id) ||
    (isRole(caller, 'COMMUNITY_OFFICER') && org.community !== null && caller.communityId === org.community);
  if (!allowed)
    throw new ForbiddenError('Only the organization’s leader or its community officer reports its activities', 'JURISDICTION');
}

const callerName = (ctx: RequestContext) =>
  ctx.caller.kind !== 'user' ? null : ctx.caller.role === 'ORG_LEADER' ? '组织负责人' : ctx.caller.name;

function step(
  tx: EntityManager,
  r: MajorActivityReport,
  tier: string,
  action: string,
  actorName: string | null,
  opinion: string | null,
  at: Date,
): void {
  tx.persist(tx.create(ReportStep, { id: randomUUID(), reportId: r.id, round: r.round, at, tier, action, actorName, opinion }));
}

async function responseDays(em: EntityManager, districtId: string): Promise<number> {
  return (await policiesFor(em, [districtId])).get(districtId)!.reviewResponseDays;
}

interface ReportFields {
  title?: string | null;
  description?: string | null;
  plannedStart?: Date | null;
  plannedEnd?: Date | null;
  location?: string | null;
  expectedParticipants?: number | null;
  safetyMeasures?: string | null;
}

/** Field checks and the lead-time rule (the district's major-activity lead days), all at once. */
async function reportProblems(
  em: EntityManager,
  fields: ReportFields,
  districtId: string,
  prefix: string,
  problems: ProblemList,
  now: Date,
): Promise<void> {
  textLength(problems, `${prefix}.title`, fields.title, 4, 100);
  textLength(problems, `${prefix}.description`, fields.description, 10, 2000);
  textLength(problems, `${prefix}.location`, fields.location, 2, 200);
  textLength(problems, `${prefix}.safetyMeasures`, fields.safetyMeasures, 10, 2000);
  if (fields.expectedParticipants != null && (fields.expectedParticipants < 1 || fields.expectedParticipants > 100_000)) {
    problems.add(`${prefix}.expectedParticipants`, 'OUT_OF_RANGE', 'must be 1 to 100000');
  }
  if (fields.plannedStart && fields.plannedEnd && fields.plannedEnd <= fields.plannedStart) {
    problems.add(`${prefix}.plannedEnd`, 'BEFORE_START', 'must be after the planned start');
  }
  if (fields.plannedStart) {
    const lead = (await policiesFor(em, [districtId])).get(districtId)!.majorActivityLeadDays;
    if (fields.plannedStart.getTime() < now.getTime() + lead * DAY) {
      problems.rule(
        `${prefix}.plannedStart`,
        'LEAD_TIME',
        `a major activity is reported at least ${lead} days before it starts (district policy)`,
      );
    }
  }
}

/** 重大活动汇报 The organization (its leader, or its community officer for it) reports a major activity before it takes place. */
export async function submitReport(ctx: RequestContext, input: MajorActivityReportInput): Promise<MajorActivityReport> {
  const org = await ctx.em.findOne(Organization, { id: input.organizationId });
  if (!org) throw new NotFoundError('Organization', input.organizationId);
  assertCanReportFor(ctx.caller, org);
  const now = clock.now();
  const problems = new ProblemList();
  await reportProblems(ctx.em, input, org.districtId, 'input', problems, now);
  personName(problems, 'input.contactName', input.contactName);
  mobilePhone(problems, 'input.contactPhone', input.contactPhone);
  if (!org.community)
    problems.rule(
      'input.organizationId',
      'COMMUNITY_LEVEL_ONLY',
      'a street-level organization reports to its street branch, outside this chain',
    );
  if (org.status !== OrganizationStatus.FILED)
    problems.rule(
      'input.organizationId',
      'ORGANIZATION_NOT_FILED',
      `only a FILED organization reports major activities; this one is ${org.status}`,
    );
  problems.throwIfAny();
  const days = await responseDays(ctx.em, org.districtId);
  return ctx.em.transactional(async (tx) => {
    const report = tx.create(MajorActivityReport, {
      id: randomUUID(),
      organizationId: org.id,
      communityId: org.community!,
      streetId: org.streetId,
      districtId: org.districtId,
      title: input.title.trim(),
      description: input.description.trim(),
      kind: input.kind,
      plannedStart: input.plannedStart,
      plannedEnd: input.plannedEnd,
      location: input.location.trim(),
      expectedParticipants: input.expectedParticipants,
      safetyMeasures: input.safetyMeasures.trim(),
      contactName: input.contactName.trim(),
      contactPhone: input.contactPhone.trim(),
      status: ReportStatus.SUBMITTED,
      currentLevel: ReportLevel.COMMUNITY,
      submittedAt: now,
      levelSince: now,
      levelDueAt: new Date(now.getTime() + days * DAY),
    });
    step(tx, report, 'organization', 'SUBMITTED', callerName(ctx), null, now);
    recordAudit(tx, ctx, TIER, {
      action: 'submitMajorActivityReport',
      targetType: 'MajorActivityReport',
      targetId: report.id,
      scopeId: report.districtId,
      before: null,
      after: { title: report.title, status: report.status },
    });
    return report;
  });
}

async function lockedReport(tx: EntityManager, id: string): Promise<MajorActivityReport> {
  const report = await tx.findOne(MajorActivityReport, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!report) throw new NotFoundError('MajorActivityReport', id);
  return report;
}

/** 社区审核 The community committee forwards the report to the street, returns it, or rejects it. Audited. */
export function reviewReport(
  ctx: RequestContext,
  id: string,
  decision: ReviewDecision,
  opinion: string,
): Promise<MajorActivityReport> {
  return ctx.em.transactional(async (tx) => {
    const report = await lockedReport(tx, id);
    if (!isRole(ctx.caller, 'COMMUNITY_OFFICER') || ctx.caller.communityId !== report.communityId) {
      throw new ForbiddenError('Only the community committee of the organization reviews its reports here', 'JURISDICTION');
    }
    if (report.status !== ReportStatus.SUBMITTED)
      throw new ConflictError(
        `Report ${id} is ${report.status}: only a SUBMITTED report is reviewed by the community`,
        'NOT_AT_YOUR_LEVEL',
      );
    const problems = new ProblemList();
    textLength(problems, 'opinion', opinion, 2, 500);
    problems.throwIfAny();
    const now = clock.now();
    const before = { status: report.status };
    Object.assign(report, {
      communityDecision: decision,
      communityOpinion: opinion.trim(),
      communityReviewedAt: now,
      communityReviewerName: callerName(ctx),
      updatedAt: now,
    });
    if (decision === ReviewDecision.FORWARD) {
      const dueAt = new Date(now.getTime() + (await responseDays(tx, report.districtId)) * DAY);
      Object.assign(report, {
        status: ReportStatus.AT_STREET,
        currentLevel: ReportLevel.STREET,
        levelSince: now,
        levelDueAt: dueAt,
        reachedStreetAt: report.reachedStreetAt ?? now,
      });
      const org = await tx.findOneOrFail(Organization, { id: report.organizationId });
      emitEvent(tx, ReportEscalated, {
        reportId: report.id,
        round: report.round,
        organizationId: report.organizationId,
        communityId: report.communityId,
        streetId: report.streetId,
        districtId: report.districtId,
        organizationName: org.name,
        title: report.title,
        plannedStart: report.plannedStart.toISOString(),
        at: now.toISOString(),
        dueAt: dueAt.toISOString(),
      });
    } else {
      report.status = decision === ReviewDecision.RETURN ? ReportStatus.RETURNED : ReportStatus.REJECTED;
    }
    step(
      tx,
      report,
      'community',
      { FORWARD: 'FORWARDED', RETURN: 'RETURNED', REJECT: 'REJECTED' }[decision],
      callerName(ctx),
      report.communityOpinion,
      now,
    );
    recordAudit(tx, ctx, TIER, {
      action: 'reviewMajorActivityReport',
      targetType: 'MajorActivityReport',
      targetId: report.id,
      scopeId: report.districtId,
      before,
      after: { status: report.status, decision, opinion: report.communityOpinion },
    });
    return report;
  });
}

/** 修改后重新提交 A returned report, revised and submitted again: the chain starts over at the community, the history stays. */
export function resubmitReport(
  ctx: RequestContext,
  id: string,
  revision: MajorActivityReportRevision,
): Promise<MajorActivityReport> {
  return ctx.em.transactional(async (tx) => {
    const report = await lockedReport(tx, id);
    const org = await tx.findOneOrFail(Organization, { id: report.organizationId });
    assertCanReportFor(ctx.caller, org);
    if (report.status !== ReportStatus.RETURNED)
      throw new ConflictError(`Report ${id} is ${report.status}: only a RETURNED report is resubmitted`, 'NOT_RETURNED');
    const now = clock.now();
    const next = {
      title: revision.title ?? report.title,
      description: revision.description ?? report.description,
      kind: revision.kind ?? report.kind,
      plannedStart: revision.plannedStart ?? report.plannedStart,
      plannedEnd: revision.plannedEnd ?? report.plannedEnd,
      location: revision.location ?? report.location,
      expectedParticipants: revision.expectedParticipants ?? report.expectedParticipants,
      safetyMeasures: revision.safetyMeasures ?? report.safetyMeasures,
    };
    const problems = new ProblemList();
    textLength(problems, 'revision.note', revision.note, 2, 500);
    await reportProblems(tx, next, report.districtId, 'revision', problems, now);
    problems.throwIfAny();
    const days = await responseDays(tx, report.districtId);
    Object.assign(report, next, {
      status: ReportStatus.SUBMITTED,
      currentLevel: ReportLevel.COMMUNITY,
      round: report.round + 1,
      submittedAt: now,
      levelSince: now,
      levelDueAt: new Date(now.getTime() + days * DAY),
      communityDecision: null,
      communityOpinion: null,
      communityReviewedAt: null,
      communityReviewerName: null,
      updatedAt: now,
    });
    step(tx, report, 'organization', 'RESUBMITTED', callerName(ctx), revision.note.trim(), now);
    recordAudit(tx, ctx, TIER, {
      action: 'resubmitMajorActivityReport',
      targetType: 'MajorActivityReport',
      targetId: report.id,
      scopeId: report.districtId,
      before: { status: 'RETURNED' },
      after: { status: report.status, round: report.round },
    });
    return report;
  });
}

/** 撤回 The organization withdraws a report still at the community or returned to it. */
export function withdrawReport(ctx: RequestContext, id: string): Promise<MajorActivityReport> {
  return ctx.em.transactional(async (tx) => {
    const report = await lockedReport(tx, id);
    const org = await tx.findOneOrFail(Organization, { id: report.organizationId });
    assertCanReportFor(ctx.caller, org);
    if (report.status !== ReportStatus.SUBMITTED && report.status !== ReportStatus.RETURNED) {
      throw new ConflictError(
        `Report ${id} is ${report.status}: only a report at the community or returned can be withdrawn`,
        'NOT_WITHDRAWABLE',
      );
    }
    const before = { status: report.status };
    report.status = ReportStatus.WITHDRAWN;
    report.updatedAt = clock.now();
    step(tx, report, 'organization', 'WITHDRAWN', callerName(ctx), null, report.updatedAt);
    recordAudit(tx, ctx, TIER, {
      action: 'withdrawMajorActivityReport',
      targetType: 'MajorActivityReport',
      targetId: report.id,
      scopeId: report.districtId,
      before,
      after: { status: report.status },
    });
    return report;
  });
}
