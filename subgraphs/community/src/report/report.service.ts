import { ReportEscalated } from '@cso/contracts';
import {
  addDays,
  clock,
  ConflictError,
  emitEvent,
  mobilePhone,
  NotFoundError,
  personName,
  ProblemList,
  recordAudit,
  textLength,
  type RequestContext,
} from '@cso/platform';
import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Organization } from '../organization/organization.entity.js';
import { OrganizationStatus } from '../organization/organization.enums.js';
import { policiesOf } from '../policy/received-policy.repository.js';
import { MajorActivityReport, ReportStep } from './report.entity.js';
import { ReportLevel, ReportStatus, ReviewDecision } from './report.enums.js';
import type { MajorActivityReportInput, MajorActivityReportRevision } from './report.inputs.js';
import { assertCanReportFor, assertCanReviewReport } from './report.policy.js';
import { reportProblems } from './report.rules.js';

const TIER = 'community';

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

/** 重大活动汇报 The organization (its leader, or its community officer for it) reports a major activity before it takes place. */
export async function submitReport(ctx: RequestContext, input: MajorActivityReportInput): Promise<MajorActivityReport> {
  const org = await ctx.em.findOne(Organization, { id: input.organizationId });
  if (!org) throw new NotFoundError('Organization', input.organizationId);
  assertCanReportFor(ctx.caller, org);
  const now = clock.now();
  const policies = await policiesOf(ctx.em, org.districtId);
  const problems = new ProblemList();
  reportProblems(problems, input, 'input', policies.majorActivityLeadDays, now);
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
      levelDueAt: addDays(now, policies.reviewResponseDays),
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
    assertCanReviewReport(ctx.caller, report);
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
      const dueAt = addDays(now, (await policiesOf(tx, report.districtId)).reviewResponseDays);
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
    const policies = await policiesOf(tx, report.districtId);
    const problems = new ProblemList();
    textLength(problems, 'revision.note', revision.note, 2, 500);
    reportProblems(problems, next, 'revision', policies.majorActivityLeadDays, now);
    problems.throwIfAny();
    Object.assign(report, next, {
      status: ReportStatus.SUBMITTED,
      currentLevel: ReportLevel.COMMUNITY,
      round: report.round + 1,
      submittedAt: now,
      levelSince: now,
      levelDueAt: addDays(now, policies.reviewResponseDays),
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
