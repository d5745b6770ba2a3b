import { Field, InputType } from 'type-graphql';
import { Gender, MemberRole } from './member.enums.js';

@InputType({ description: '新成员 A member to add to an organization’s roster.' })
export class MemberInput {
  @Field({ description: '姓名 2 to 20 characters.' })
  name!: string;

  @Field(() => Gender)
  gender!: Gender;

  @Field({ description: '出生日期 YYYY-MM-DD; must match the identity number.' })
  birthDate!: string;

  @Field({ description: '身份证号 18 characters with a valid check digit.' })
  idNumber!: string;

  @Field({ description: '手机号 11 digits, e.g. 13812345678.' })
  phone!: string;

  @Field({ defaultValue: false, description: '中共党员' })
  isPartyMember!: boolean;

  @Field(() => MemberRole, {
    defaultValue: MemberRole.MEMBER,
    description: 'CORE or MEMBER; the leader changes by a change filing.',
  })
  role!: MemberRole;
}
