import { registerEnumType } from 'type-graphql';

export enum MemberRole {
  LEADER = 'LEADER',
  CORE = 'CORE',
  MEMBER = 'MEMBER',
}
registerEnumType(MemberRole, {
  name: 'MemberRole',
  description: '成员角色 Role in the organization.',
  valuesConfig: {
    LEADER: { description: '负责人 The leader' },
    CORE: { description: '主要成员 A main member' },
    MEMBER: { description: '成员 A member' },
  },
});

export enum Gender {
  FEMALE = 'FEMALE',
  MALE = 'MALE',
}
registerEnumType(Gender, { name: 'Gender', description: '性别 Gender' });
