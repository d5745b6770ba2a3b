import {
  clock,
  ConflictError,
  localDate,
  NotFoundError,
  PolicyViolationError,
  recordAudit,
  type RequestContext,
} from '@cso/platform';
import { randomUUID } from 'node:crypto';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { namedAsLeaderInOpenFiling } from '../filing/filing.repository.js';
import { Organization } from '../organization/organization.entity.js';
import { assertCanManageOrganization } from '../organization/organization.policy.js';
import { MemberRole } from './member.enums.js';
import { Member } from './member.entity.js';
import type { MemberInput } from './member.inputs.js';
import { auditSnapshot, checkMemberInput } from './member.policy.js';
import { adjustMemberCounts } from './member.repository.js';

const TIER = 'community';

async function organizationFor(ctx: RequestContext, id: string): Promise<Organization> {
  const org = await ctx.em.findOne(Organization, { id });
  if (!org) throw new NotFoundError('Organization', id);
  return org;
}

/** Adds a member to the roster (by the community officer or the leader), audited in the same transaction. */
export async function addMember(ctx: RequestContext, organizationId: string, input: MemberInput): Promise<Member> {
  const org = await organizationFor(ctx, organizationId);
  assertCanManageOrganization(ctx.caller, org);
  checkMemberInput(input);
  const idNumber = input.idNumber.trim().toUpperCase();
  return ctx.em
    .transactional(async (tx) => {
      // The unique index (organization, identity number) settles concurrent adds; this gives the usual case a clear answer.
      if (await tx.count(Member, { organization: org.id, idNumber })) throw duplicate();
      const member = tx.create(Member, {
        id: randomUUID(),
        organization: org.id,
        name: input.name.trim(),
        gender: input.gender,
        birthDate: input.birthDate,
        idNumber,
        phone: input.phone.trim(),
        isPartyMember: input.isPartyMember,
        role: input.role,
        // The calendar date in Beijing.
        joinedOn: localDate(clock.now()),
      });
      await adjustMemberCounts(tx, org.id, 1, member.isPartyMember ? 1 : 0);
      recordAudit(tx, ctx, TIER, {
        action: 'addMember',
        targetType: 'Member',
        targetId: member.id,
        scopeId: org.districtId,
        before: null,
        after: auditSnapshot(member),
      });
      return member;
    })
    .catch((error: unknown) => {
      if (error instanceof UniqueConstraintViolationException) throw duplicate();
      throw error;
    });
}

const duplicate = () => new ConflictError('This person is already on the roster', 'DUPLICATE_MEMBER');

/** Removes a member; the leader stays until a change filing replaces them. */
export async function removeMember(ctx: RequestContext, memberId: string): Promise<boolean> {
  return ctx.em.transactional(async (tx) => {
    // Locked, so that two removals of the same member cannot both be audited.
    const member = await tx.findOne(Member, { id: memberId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!member) throw new NotFoundError('Member', memberId);
    const org = await tx.findOne(Organization, { id: member.organization });
    if (!org) throw new NotFoundError('Organization', member.organization);
    assertCanManageOrganization(ctx.caller, org);
    if (member.role === MemberRole.LEADER) {
      throw new PolicyViolationError(
        'LEADER_REQUIRED',
        'The leader cannot be removed; change the leader by a change filing first',
      );
    }
    if (await namedAsLeaderInOpenFiling(tx, org.id, member.id))
      throw new PolicyViolationError(
        'MEMBER_IN_OPEN_FILING',
        'This member is the new leader named by a change filing in progress',
      );
    recordAudit(tx, ctx, TIER, {
      action: 'removeMember',
      targetType: 'Member',
      targetId: member.id,
      scopeId: org.districtId,
      before: auditSnapshot(member),
      after: null,
    });
    tx.remove(member);
    await adjustMemberCounts(tx, org.id, -1, member.isPartyMember ? -1 : 0);
    return true;
  });
}
