import { FilingForwarded } from '@cso/contracts';
import {
  clock,
  ConflictError,
  emitEvent,
  localDate,
  maskName,
  mobilePhone,
  NotFoundError,
  pastDate,
  personName,
  PolicyViolationError,
  ProblemList,
  recordAudit,
  requireUuid,
  textLength,
  type RequestContext,
} from '@cso/platform';
import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Community } from '../community/community.entity.js';
import { Member } from '../member/member.entity.js';
import { MemberRole } from '../member/member.enums.js';
import { memberProblems } from '../member/member.policy.js';
import { memberCounts } from '../member/member.repository.js';
import { Organization } from '../organization/organization.entity.js';
import { OrganizationLevel, OrganizationStatus } from '../organization/organization.enums.js';
import { needsPartyStation } from '../organization/organization.policy.js';
import { policiesOf } from '../policy/received-policy.repository.js';
import { FilingApplication, FilingStep } from './filing.entity.js';
import { FilingKind, FilingStatus, OPEN_FILING_STATUSES, PreliminaryDecision } from './filing.enums.js';
import type { ChangeFilingInput, DissolutionInput, FilingCorrectionInput, FilingInput } from './filing.inputs.js';
import { assertCanApplyFor, assertCanReceiveFiling, assertCanReview } from './filing.policy.js';
import { isBlacklisted, lockName, nameTaken } from './filing.repository.js';
import { leaderBlacklisted, minimumMembers, nameProblems, profileProblems, voteProblems } from './filing.rules.js';

const TIER = 'community';

function step(
  tx: EntityManager,
  filingId: string,
  action: string,
  actorName: string | null,
  opinion: string | null,
  at = clock.now(),
): void {
  tx.persist(tx.create(FilingStep, { id: randomUUID(), filingId, at, tier: TIER, action, actorName, opinion }));
}

/** Who acted, for a filing's history: an officer by name; a leader by office (a leader's name is personal data). */
const callerName = (ctx: RequestContext) =>
  ctx.caller.kind !== 'user' ? null : ctx.caller.role === 'ORG_LEADER' ? '组织负责人' : ctx.caller.name;
const auditOf = (f: FilingApplication) => ({
  kind: f.kind,
  status: f.status,
  round: f.round,
  organizationId: f.organizationId,
  communityDecision: f.communityDecision,
});

/** 成立备案 A new organization's filing, received by its community committee: nothing is stored unless every check passes. */
export async function submitFiling(ctx: RequestContext, input: FilingInput): Promise<FilingApplication> {
  const communityId = requireUuid(input.communityId, 'input.communityId');
  assertCanReceiveFiling(ctx.caller, communityId);
  const community = await ctx.em.findOne(Community, { id: communityId });
  if (!community) throw new NotFoundError('Community', communityId);
  const policies = await policiesOf(ctx.em, community.districtId);

  const problems = new ProblemList();
  nameProblems(
    problems,
    { name: input.name, level: OrganizationLevel.COMMUNITY, sponsor: input.sponsor, communityName: community.name },
    'input.name',
  );
  profileProblems(problems, input, 'input');
  pastDate(problems, 'input.foundedOn', input.foundedOn);
  textLength(problems, 'input.charter', input.charter, 20, 5000);
  personName(problems, 'input.applicantName', input.applicantName);
  mobilePhone(problems, 'input.applicantPhone', input.applicantPhone);
  const seen = new Map<string, number>();
  input.members.forEach((m, i) => {
    memberProblems(problems, m, `input.members[${i}]`);
    const id = m.idNumber.trim().toUpperCase();
    if (seen.has(id))
      problems.add(`input.members[${i}].idNumber`, 'DUPLICATE_MEMBER', `same person as input.members[${seen.get(id)}]`);
    else seen.set(id, i);
  });
  const leaders = input.members.filter((m) => m.role === MemberRole.LEADER);
  if (leaders.length !== 1)
    problems.add('input.members', 'LEADER_REQUIRED', `exactly one member must be the LEADER; found ${leaders.length}`);
  minimumMembers(problems, input.members.length, policies, 'input.members');
  const leaderIndex = input.members.findIndex((m) => m.role === MemberRole.LEADER);
  if (leaderIndex >= 0) {
    if (await isBlacklisted(ctx.em, community.districtId, input.members[leaderIndex]!.idNumber))
      leaderBlacklisted(problems, `input.members[${leaderIndex}].idNumber`);
  }
  const place = { communityId, streetId: community.streetId };
  if (await nameTaken(ctx.em, place, input.name, null))
    problems.rule('input.name', 'NAME_TAKEN', 'another organization of this community has this name');
  problems.throwIfAny();

  return ctx.em.transactional(async (tx) => {
    // Two submissions of the same name at once: the second waits, then finds the first.
    await lockName(tx, place, input.name);
    if (await nameTaken(tx, place, input.name, null))
      throw new PolicyViolationError('NAME_TAKEN', 'Another organization of this community has this name', [
        { field: 'input.name', code: 'NAME_TAKEN', message: 'another organization of this community has this name' },
      ]);
    const now = clock.now();
    const org = tx.create(Organization, {
      id: randomUUID(),
      name: input.name.trim(),
      category: input.category,
      level: OrganizationLevel.COMMUNITY,
      sponsor: input.sponsor,
      status: OrganizationStatus.APPLYING,
      purpose: input.purpose.trim(),
      activityArea: input.activityArea.trim(),
      activitySchedule: input.activitySchedule.trim(),
      foundedOn: input.foundedOn,
      // The roster below, counted in the row (see Organization.memberCount).
      memberCount: input.members.length,
      partyMemberCount: input.members.filter((m) => m.isPartyMember).length,
      community: community.id,
      streetId: community.streetId,
      districtId: community.districtId,
    });
    for (const m of input.members) {
      tx.create(Member, {
        id: randomUUID(),
        organization: org.id,
        name: m.name.trim(),
        gender: m.gender,
        birthDate: m.birthDate,
        idNumber: m.idNumber.trim().toUpperCase(),
        phone: m.phone.trim(),
        isPartyMember: m.isPartyMember,
        role: m.role,
        // The calendar date in Beijing.
        joinedOn: localDate(now),
      });
    }
    const filing = tx.create(FilingApplication, {
      id: randomUUID(),
      kind: FilingKind.NEW,
      status: FilingStatus.SUBMITTED,
      organizationId: org.id,
      communityId: community.id,
      streetId: community.streetId,
      districtId: community.districtId,
      applicantName: input.applicantName.trim(),
      applicantPhone: input.applicantPhone.trim(),
      submittedAt: now,
      proposal: { charter: input.charter.trim() },
    });
    step(tx, filing.id, 'SUBMITTED', callerName(ctx), null, now);
    recordAudit(tx, ctx, TIER, {
      action: 'submitFiling',
      targetType: 'FilingApplication',
      targetId: filing.id,
      scopeId: filing.districtId,
      before: null,
      after: { ...auditOf(filing), name: org.name, members: input.members.length },
    });
    return filing;
  });
}

/** The organization, locked, with the checks every later filing shares: FILED, no other filing open. */
async function lockedFiledOrganization(tx: EntityManager, ctx: RequestContext, organizationId: string): Promise<Organization> {
  const org = await tx.findOne(Organization, { id: organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!org) throw new NotFoundError('Organization', organizationId);
  assertCanApplyFor(ctx.caller, org);
  if (org.status !== OrganizationStatus.FILED)
    throw new ConflictError(`Organization ${org.id} is ${org.status}, not FILED`, 'NOT_FILED');
  if (await tx.count(FilingApplication, { organizationId: org.id, status: { $in: OPEN_FILING_STATUSES } })) {
    throw new ConflictError('This organization already has a filing in progress', 'FILING_IN_PROGRESS');
  }
  return org;
}

/** Checks a change; returns what it changes (with the new leader's name for display). */
async function checkedChanges(
  tx: EntityManager,
  org: Organization,
  input: ChangeFilingInput | FilingCorrectionInput,
  prefix: string,
  problems: ProblemList,
) {
  const changes: Record<string, unknown> = {};
  for (const key of ['name', 'category', 'purpose', 'activityArea', 'activitySchedule'] as const) {
    const value = input[key];
    if (value == null) continue;
    const next = typeof value === 'string' ? value.trim() : value;
    if (next !== org[key]) changes[key] = next;
  }
  if (changes.name) {
    nameProblems(
      problems,
      {
        name: String(changes.name),
        level: org.level,
        sponsor: org.sponsor,
        communityName: org.community ? ((await tx.findOne(Community, { id: org.community }))?.name ?? null) : null,
      },
      `${prefix}.name`,
    );
    const place = { communityId: org.community, streetId: org.streetId };
    await lockName(tx, place, String(changes.name));
    if (await nameTaken(tx, place, String(changes.name), org.id))
      problems.rule(`${prefix}.name`, 'NAME_TAKEN', 'another organization of this community has this name');
  }
  profileProblems(problems, input, prefix);
  const leaderMemberId = 'leaderMemberId' in input ? input.leaderMemberId : null;
  if (leaderMemberId != null) {
    const member =
      (await tx.findOne(Member, { id: requireUuid(leaderMemberId, `${prefix}.leaderMemberId`), organization: org.id })) ?? null;
    if (!member) problems.add(`${prefix}.leaderMemberId`, 'UNKNOWN_MEMBER', 'is not a member of this organization');
    else if (member.role === MemberRole.LEADER)
      problems.add(`${prefix}.leaderMemberId`, 'ALREADY_LEADER', 'is the leader already');
    else {
      changes.leaderMemberId = member.id;
      changes.leaderName = member.name;
      if (await isBlacklisted(tx, org.districtId, member.idNumber)) leaderBlacklisted(problems, `${prefix}.leaderMemberId`);
    }
  }
  return changes;
}

/** 变更备案 A change of filed items; runs the same path as a new filing. */
export async function submitChangeFiling(
  ctx: RequestContext,
  organizationId: string,
  input: ChangeFilingInput,
): Promise<FilingApplication> {
  return ctx.em.transactional(async (tx) => {
    const org = await lockedFiledOrganization(tx, ctx, organizationId);
    const problems = new ProblemList();
    textLength(problems, 'input.reason', input.reason, 2, 500);
    const changes = await checkedChanges(tx, org, input, 'input', problems);
    if (!Object.keys(changes).length && !problems.problems.length)
      problems.add('input', 'NO_CHANGE', 'change at least one filed item');
    problems.throwIfAny();
    const filing = newFiling(tx, ctx, org, FilingKind.CHANGE, { changes, reason: input.reason.trim() });
    const audited = {
      ...changes,
      ...(typeof changes.leaderName === 'string' ? { leaderName: maskName(changes.leaderName) } : {}),
    };
    recordAudit(tx, ctx, TIER, {
      action: 'submitChangeFiling',
      targetType: 'FilingApplication',
      targetId: filing.id,
      scopeId: org.districtId,
      before: null,
      after: { ...auditOf(filing), changes: audited },
    });
    return filing;
  });
}

/** 注销备案 Dissolution after a member-meeting vote; the organization is DISSOLVING until the street decides. */
export async function submitDissolution(
  ctx: RequestContext,
  organizationId: string,
  input: DissolutionInput,
): Promise<FilingApplication> {
  return ctx.em.transactional(async (tx) => {
    const org = await lockedFiledOrganization(tx, ctx, organizationId);
    const memberCount = await tx.count(Member, { organization: org.id });
    const problems = new ProblemList();
    textLength(problems, 'input.reason', input.reason, 2, 500);
    voteProblems(problems, input, memberCount, 'input');
    problems.throwIfAny();
    const vote = {
      reason: input.reason.trim(),
      meetingDate: input.meetingDate,
      membersPresent: input.membersPresent,
      votesFor: input.votesFor,
      memberCount,
    };
    const filing = newFiling(tx, ctx, org, FilingKind.DISSOLUTION, vote);
    org.status = OrganizationStatus.DISSOLVING;
    recordAudit(tx, ctx, TIER, {
      action: 'submitDissolution',
      targetType: 'FilingApplication',
      targetId: filing.id,
      scopeId: org.districtId,
      before: null,
      after: { ...auditOf(filing), vote },
    });
    return filing;
  });
}

function newFiling(
  tx: EntityManager,
  ctx: RequestContext,
  org: Organization,
  kind: FilingKind,
  proposal: Record<string, unknown>,
): FilingApplication {
  const now = clock.now();
  const applicant = callerName(ctx) ?? '';
  const filing = tx.create(FilingApplication, {
    id: randomUUID(),
    kind,
    status: FilingStatus.SUBMITTED,
    organizationId: org.id,
    communityId: org.community,
    streetId: org.streetId,
    districtId: org.districtId,
    applicantName: applicant,
    applicantPhone: '',
    submittedAt: now,
    proposal,
  });
  step(tx, filing.id, 'SUBMITTED', callerName(ctx), typeof proposal.reason === 'string' ? proposal.reason : null, now);
  return filing;
}

async function lockedFiling(tx: EntityManager, id: string): Promise<FilingApplication> {
  const filing = await tx.findOne(FilingApplication, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!filing) throw new NotFoundError('FilingApplication', id);
  return filing;
}

/**
 * 初审 The committee's preliminary review. FORWARD re-checks the policies against the roster as it
 * is now and flags a required party station; the street hears of it through the outbox.
 */
export async function reviewFiling(
  ctx: RequestContext,
  id: string,
  decision: PreliminaryDecision,
  opinion: string,
): Promise<FilingApplication> {
  return ctx.em.transactional(async (tx) => {
    const filing = await lockedFiling(tx, id);
    assertCanReview(ctx.caller, filing);
    if (filing.status !== FilingStatus.SUBMITTED) {
      throw new ConflictError(
        `Filing application ${filing.id} is ${filing.status}: only a SUBMITTED filing is reviewed`,
        'NOT_AWAITING_REVIEW',
      );
    }
    const problems = new ProblemList();
    textLength(problems, 'opinion', opinion, 2, 500);
    problems.throwIfAny();
    const org = await tx.findOneOrFail(Organization, { id: filing.organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const before = auditOf(filing);
    const now = clock.now();
    if (decision === PreliminaryDecision.FORWARD) await checkForForward(tx, filing, org);
    filing.communityDecision = decision;
    filing.communityOpinion = opinion.trim();
    filing.reviewedAt = now;
    filing.reviewerName = callerName(ctx);
    filing.updatedAt = now;
    if (decision === PreliminaryDecision.FORWARD) {
      filing.status = FilingStatus.FORWARDED;
      const changes = (filing.proposal.changes ?? {}) as Record<string, unknown>;
      emitEvent(tx, FilingForwarded, {
        filingId: filing.id,
        kind: filing.kind,
        organizationId: org.id,
        organizationName: typeof changes.name === 'string' ? changes.name : org.name,
        category: typeof changes.category === 'string' ? changes.category : org.category,
        purpose: typeof changes.purpose === 'string' ? changes.purpose : org.purpose,
        activityArea: typeof changes.activityArea === 'string' ? changes.activityArea : org.activityArea,
        applicantName: filing.applicantName || org.name,
        communityId: filing.communityId,
        streetId: filing.streetId,
        districtId: filing.districtId,
        round: filing.round,
        forwardedAt: now.toISOString(),
      });
    } else if (decision === PreliminaryDecision.RETURN) {
      filing.status = FilingStatus.RETURNED;
    } else {
      filing.status = FilingStatus.REJECTED;
      if (filing.kind === FilingKind.NEW) org.status = OrganizationStatus.REJECTED;
      if (filing.kind === FilingKind.DISSOLUTION) org.status = OrganizationStatus.FILED;
    }
    step(
      tx,
      filing.id,
      { FORWARD: 'FORWARDED', RETURN: 'RETURNED', REJECT: 'REJECTED' }[decision],
      callerName(ctx),
      filing.communityOpinion,
      now,
    );
    recordAudit(tx, ctx, TIER, {
      action: 'reviewFiling',
      targetType: 'FilingApplication',
      targetId: filing.id,
      scopeId: filing.districtId,
      before,
      after: { ...auditOf(filing), opinion: filing.communityOpinion },
    });
    return filing;
  });
}

/** The policies checked again when forwarding: the roster and the blacklist may have changed since submission. */
async function checkForForward(tx: EntityManager, filing: FilingApplication, org: Organization): Promise<void> {
  const policies = await policiesOf(tx, filing.districtId);
  const problems = new ProblemList();
  const [stats] = await memberCounts(tx, [org.id]);
  const members = Number(stats?.members ?? 0);
  if (filing.kind !== FilingKind.DISSOLUTION) {
    minimumMembers(problems, members, policies, 'organization.members');
    const changes = (filing.proposal.changes ?? {}) as { leaderMemberId?: string };
    const leader = changes.leaderMemberId
      ? await tx.findOne(Member, { id: changes.leaderMemberId })
      : await tx.findOne(Member, { organization: org.id, role: MemberRole.LEADER });
    if (!leader) problems.rule('organization.leader', 'LEADER_REQUIRED', 'the roster has no leader');
    else {
      if (await isBlacklisted(tx, filing.districtId, leader.idNumber)) leaderBlacklisted(problems, 'organization.leader');
    }
  }
  problems.throwIfAny();
  filing.partyStationRequired =
    needsPartyStation(Number(stats?.party ?? 0), policies.partyStationThreshold) && !org.hasPartyStation;
}

/** 补正后重新提交 The applicant corrects a returned filing and submits it again; its history is kept. */
export async function resubmitFiling(
  ctx: RequestContext,
  id: string,
  correction: FilingCorrectionInput,
): Promise<FilingApplication> {
  return ctx.em.transactional(async (tx) => {
    const filing = await lockedFiling(tx, id);
    const org = await tx.findOneOrFail(Organization, { id: filing.organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    assertCanApplyFor(ctx.caller, org);
    if (filing.status !== FilingStatus.RETURNED) {
      throw new ConflictError(
        `Filing application ${filing.id} is ${filing.status}: only a RETURNED filing is resubmitted`,
        'NOT_RETURNED',
      );
    }
    const problems = new ProblemList();
    textLength(problems, 'correction.note', correction.note, 2, 500);
    const notFor = (fields: (keyof FilingCorrectionInput)[]) => {
      for (const f of fields)
        if (correction[f] != null) problems.add(`correction.${f}`, 'NOT_APPLICABLE', `not part of a ${filing.kind} filing`);
    };
    const before = auditOf(filing);
    let after: Record<string, unknown> = {};
    if (filing.kind === FilingKind.DISSOLUTION) {
      notFor(['name', 'category', 'purpose', 'activityArea', 'activitySchedule', 'charter']);
      const memberCount = await tx.count(Member, { organization: org.id });
      const vote = { ...(filing.proposal as { meetingDate: string; membersPresent: number; votesFor: number }) };
      if (correction.meetingDate != null) vote.meetingDate = correction.meetingDate;
      if (correction.membersPresent != null) vote.membersPresent = correction.membersPresent;
      if (correction.votesFor != null) vote.votesFor = correction.votesFor;
      voteProblems(problems, vote, memberCount, 'correction');
      problems.throwIfAny();
      filing.proposal = { ...filing.proposal, ...vote, memberCount };
      after = vote;
    } else {
      notFor(['meetingDate', 'membersPresent', 'votesFor']);
      if (filing.kind === FilingKind.CHANGE) notFor(['charter']);
      textLength(problems, 'correction.charter', correction.charter, 20, 5000);
      const changes = await checkedChanges(tx, org, correction, 'correction', problems);
      problems.throwIfAny();
      if (filing.kind === FilingKind.NEW) {
        // The organization is not filed yet: its record is the application.
        Object.assign(org, changes);
        if (correction.charter != null) filing.proposal = { ...filing.proposal, charter: correction.charter.trim() };
      } else {
        filing.proposal = { ...filing.proposal, changes: { ...(filing.proposal.changes as object), ...changes } };
      }
      after = changes;
    }
    const now = clock.now();
    filing.status = FilingStatus.SUBMITTED;
    filing.round += 1;
    filing.submittedAt = now;
    filing.updatedAt = now;
    step(tx, filing.id, 'RESUBMITTED', callerName(ctx), correction.note.trim(), now);
    if (typeof after.leaderName === 'string') after.leaderName = maskName(after.leaderName);
    recordAudit(tx, ctx, TIER, {
      action: 'resubmitFiling',
      targetType: 'FilingApplication',
      targetId: filing.id,
      scopeId: filing.districtId,
      before,
      after: { ...auditOf(filing), ...after },
    });
    return filing;
  });
}
