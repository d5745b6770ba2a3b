import { isUuid, maskIdNumber, maskName, maskPhone, NotFoundError, type RequestContext } from '@cso/platform';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { personalDataAccessFor } from '../organization/organization.service.js';
import { Member } from './member.entity.js';
import { MemberInput } from './member.inputs.js';
import { memberField } from './member.policy.js';
import { addMember, removeMember } from './member.service.js';

/** Reads one personal field in full or masked, by the caller's access to the member's organization. */
async function personal(ctx: RequestContext, member: Member, value: string, mask: (v: string) => string): Promise<string> {
  return memberField(await personalDataAccessFor(ctx, member.organization), value, mask);
}

@Resolver(() => Member)
export class MemberResolver {
  @FieldResolver(() => String, {
    description: '姓名 Name; masked (张*) unless you are the organization’s community officer or leader.',
  })
  name(@Root() member: Member, @Ctx() ctx: RequestContext): Promise<string> {
    return personal(ctx, member, member.name, maskName);
  }

  @FieldResolver(() => String, {
    description:
      '身份证号 Identity number; masked (110***********1234) unless you are the organization’s community officer or leader.',
  })
  idNumber(@Root() member: Member, @Ctx() ctx: RequestContext): Promise<string> {
    return personal(ctx, member, member.idNumber, maskIdNumber);
  }

  @FieldResolver(() => String, {
    description: '联系电话 Phone; masked (138****5678) unless you are the organization’s community officer or leader.',
  })
  phone(@Root() member: Member, @Ctx() ctx: RequestContext): Promise<string> {
    return personal(ctx, member, member.phone, maskPhone);
  }

  @FieldResolver(() => String, {
    description:
      '出生日期 Date of birth; only the year (1960-**-**) unless you are the organization’s community officer or leader, since the full date would un-mask the identity number.',
  })
  birthDate(@Root() member: Member, @Ctx() ctx: RequestContext): Promise<string> {
    return personal(ctx, member, member.birthDate, (d) => `${d.slice(0, 4)}-**-**`);
  }

  @Authorized('COMMUNITY_OFFICER', 'STREET_OFFICER', 'ORG_LEADER')
  @Mutation(() => Member, {
    description: '添加成员 Add a member to an organization’s roster (its community officer or leader). Audited.',
  })
  addMember(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('input', () => MemberInput) input: MemberInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Member> {
    if (!isUuid(organizationId)) throw new NotFoundError('Organization', organizationId);
    return addMember(ctx, organizationId.toLowerCase(), input);
  }

  @Authorized('COMMUNITY_OFFICER', 'STREET_OFFICER', 'ORG_LEADER')
  @Mutation(() => Boolean, { description: '移除成员 Remove a member from the roster; not the leader. Audited.' })
  removeMember(@Arg('memberId', () => ID) memberId: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    if (!isUuid(memberId)) throw new NotFoundError('Member', memberId);
    return removeMember(ctx, memberId.toLowerCase());
  }
}
