import { Field, ID, InputType, Int } from 'type-graphql';
import { ActivityKind, ReportLevel, ReportStatus } from './report.enums.js';

@InputType({ description: '重大活动汇报 A major activity reported before it takes place.' })
export class MajorActivityReportInput {
  @Field(() => ID)
  organizationId!: string;

  @Field({ description: '活动名称 4 to 100 characters.' })
  title!: string;

  @Field({ description: '活动内容 10 to 2000 characters.' })
  description!: string;

  @Field(() => ActivityKind)
  kind!: ActivityKind;

  @Field(() => Date, { description: '计划开始 At least the district’s lead days ahead (7 by default).' })
  plannedStart!: Date;

  @Field(() => Date, { description: '计划结束 After the start.' })
  plannedEnd!: Date;

  @Field({ description: '活动地点 2 to 200 characters.' })
  location!: string;

  @Field(() => Int, { description: '预计人数 1 to 100000.' })
  expectedParticipants!: number;

  @Field({ description: '安全措施 10 to 2000 characters.' })
  safetyMeasures!: string;

  @Field({ description: '联系人 2 to 20 Chinese characters.' })
  contactName!: string;

  @Field({ description: '联系电话 11 digits.' })
  contactPhone!: string;
}

@InputType({ description: '修改后重新提交 Revisions to a returned report; fields left out stay as they are.' })
export class MajorActivityReportRevision {
  @Field({ description: '修改说明 2 to 500 characters.' })
  note!: string;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => ActivityKind, { nullable: true })
  kind?: ActivityKind | null;

  @Field(() => Date, { nullable: true })
  plannedStart?: Date | null;

  @Field(() => Date, { nullable: true })
  plannedEnd?: Date | null;

  @Field(() => String, { nullable: true })
  location?: string | null;

  @Field(() => Int, { nullable: true })
  expectedParticipants?: number | null;

  @Field(() => String, { nullable: true })
  safetyMeasures?: string | null;
}

@InputType({ description: 'Narrows the major-activity reports; your jurisdiction always applies.' })
export class MajorActivityReportFilter {
  @Field(() => ReportStatus, { nullable: true })
  status?: ReportStatus | null;

  @Field(() => ReportLevel, { nullable: true, description: 'The level that holds it now.' })
  level?: ReportLevel | null;

  @Field(() => Boolean, { nullable: true, description: 'true: past the holding level’s deadline; false: not.' })
  overdue?: boolean | null;

  @Field(() => ID, { nullable: true })
  organizationId?: string | null;
}
