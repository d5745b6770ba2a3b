import { Field, ID, InputType, Int } from 'type-graphql';
import { Gender, MemberRole } from '../member/member.enums.js';
import { OrganizationCategory, OrganizationSponsor } from '../organization/organization.enums.js';
import { FilingKind, FilingStatus } from './filing.enums.js';

@InputType({ description: '花名册成员 One person on the roster of a new organization; exactly one is the LEADER.' })
export class FilingMemberInput {
  @Field({ description: '姓名 2 to 20 Chinese characters.' })
  name!: string;

  @Field(() => Gender)
  gender!: Gender;

  @Field({ description: '出生日期 YYYY-MM-DD; must match the identity number.' })
  birthDate!: string;

  @Field({ description: '身份证号 18 characters with a valid check digit.' })
  idNumber!: string;

  @Field({ description: '手机号 11 digits.' })
  phone!: string;

  @Field({ defaultValue: false, description: '中共党员' })
  isPartyMember!: boolean;

  @Field(() => MemberRole, {
    defaultValue: MemberRole.MEMBER,
    description: 'LEADER (exactly one), CORE (main members) or MEMBER.',
  })
  role!: MemberRole;
}

@InputType({ description: '成立备案申请 A new organization’s filing: the filing form, its charter and its roster.' })
export class FilingInput {
  @Field(() => ID, { description: 'The community whose committee receives it.' })
  communityId!: string;

  @Field({ description: '组织名称 4 to 50 characters, following the naming conventions.' })
  name!: string;

  @Field(() => OrganizationCategory)
  category!: OrganizationCategory;

  @Field(() => OrganizationSponsor, {
    defaultValue: OrganizationSponsor.RESIDENTS,
    description: 'Who sets it up; decides the naming convention.',
  })
  sponsor!: OrganizationSponsor;

  @Field({ description: '宗旨与活动内容 10 to 500 characters.' })
  purpose!: string;

  @Field({ description: '活动区域 2 to 100 characters.' })
  activityArea!: string;

  @Field({ description: '活动时间 2 to 100 characters.' })
  activitySchedule!: string;

  @Field({ description: '成立日期 YYYY-MM-DD, not in the future.' })
  foundedOn!: string;

  @Field({ description: '章程 The charter, 20 to 5000 characters.' })
  charter!: string;

  @Field({ description: '申请人 The initiator who applies (2 to 20 Chinese characters).' })
  applicantName!: string;

  @Field({ description: '申请人电话 11-digit mobile number.' })
  applicantPhone!: string;

  @Field(() => [FilingMemberInput], {
    description: '花名册 The roster: at least the district’s minimum members (10 by default), one LEADER.',
  })
  members!: FilingMemberInput[];
}

@InputType({ description: '变更备案 The filed items to change; fields left out stay as they are. At least one change.' })
export class ChangeFilingInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => OrganizationCategory, { nullable: true })
  category?: OrganizationCategory | null;

  @Field(() => String, { nullable: true })
  purpose?: string | null;

  @Field(() => String, { nullable: true })
  activityArea?: string | null;

  @Field(() => String, { nullable: true })
  activitySchedule?: string | null;

  @Field(() => ID, { nullable: true, description: '新负责人 A member of the roster who becomes the leader.' })
  leaderMemberId?: string | null;

  @Field({ description: '变更理由 2 to 500 characters.' })
  reason!: string;
}

@InputType({
  description:
    '注销备案 Dissolution, decided by a member meeting: at least two thirds of the roster present, and more than half of those present voting for.',
})
export class DissolutionInput {
  @Field({ description: '注销理由 2 to 500 characters.' })
  reason!: string;

  @Field({ description: '成员大会日期 YYYY-MM-DD, not in the future.' })
  meetingDate!: string;

  @Field(() => Int, { description: '到会人数' })
  membersPresent!: number;

  @Field(() => Int, { description: '赞成票数' })
  votesFor!: number;
}

@InputType({ description: '补正 Corrections made when resubmitting a returned filing; fields left out stay as they are.' })
export class FilingCorrectionInput {
  @Field({ description: '补正说明 What was corrected, 2 to 500 characters.' })
  note!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => OrganizationCategory, { nullable: true })
  category?: OrganizationCategory | null;

  @Field(() => String, { nullable: true })
  purpose?: string | null;

  @Field(() => String, { nullable: true })
  activityArea?: string | null;

  @Field(() => String, { nullable: true })
  activitySchedule?: string | null;

  @Field(() => String, { nullable: true, description: 'New filings only.' })
  charter?: string | null;

  @Field(() => String, { nullable: true, description: 'Dissolutions only.' })
  meetingDate?: string | null;

  @Field(() => Int, { nullable: true, description: 'Dissolutions only.' })
  membersPresent?: number | null;

  @Field(() => Int, { nullable: true, description: 'Dissolutions only.' })
  votesFor?: number | null;
}

@InputType({ description: 'Narrows a list of filing applications; the caller’s jurisdiction always applies.' })
export class FilingFilter {
  @Field(() => FilingStatus, { nullable: true, description: 'e.g. SUBMITTED: the community committee’s queue.' })
  status?: FilingStatus | null;

  @Field(() => FilingKind, { nullable: true })
  kind?: FilingKind | null;

  @Field(() => ID, { nullable: true })
  communityId?: string | null;

  @Field(() => ID, { nullable: true })
  streetId?: string | null;

  @Field(() => ID, { nullable: true })
  organizationId?: string | null;
}
