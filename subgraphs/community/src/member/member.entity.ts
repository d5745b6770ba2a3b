import type { Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';
import { Organization } from '../organization/organization.entity.js';
import { Gender, MemberRole } from './member.enums.js';

@Entity({ tableName: 'member' })
@Index({ properties: ['organization', 'name', 'id'] })
@Unique({ properties: ['organization', 'idNumber'] })
@ObjectType({ description: '成员 A member on an organization’s roster (花名册). Holds personal data.' })
export class Member {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @ManyToOne(() => Organization, { mapToPk: true, deleteRule: 'cascade' })
  organization!: string;

  @Property({ type: 'text', collation: 'C' })
  @Field({ description: '姓名 Name.' })
  name!: string;

  @Enum({ items: () => Gender, nativeEnumName: 'gender' })
  @Field(() => Gender, { description: '性别 Gender.' })
  gender!: Gender;

  @Property({ type: 'date' })
  @Field({ description: '出生日期 Date of birth (YYYY-MM-DD).' })
  birthDate!: string;

  @Property({ type: 'text' })
  @Field({ description: '身份证号 Resident identity number.' })
  idNumber!: string;

  @Property({ type: 'text' })
  @Field({ description: '联系电话 Phone number.' })
  phone!: string;

  @Property({ type: 'boolean', default: false })
  @Field(() => Boolean, { description: '中共党员 True for a member of the Communist Party of China.' })
  isPartyMember: Opt<boolean> = false;

  @Enum({ items: () => MemberRole, nativeEnumName: 'member_role' })
  @Field(() => MemberRole, { description: '角色 Leader, main member or member.' })
  role!: MemberRole;

  @Property({ type: 'date' })
  @Field({ description: '加入日期 Date joined (YYYY-MM-DD).' })
  joinedOn!: string;
}
