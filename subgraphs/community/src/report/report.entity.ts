import { clock } from '@cso/platform';
import type { Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { ActivityKind, ReportLevel, ReportStatus, ReviewDecision } from './report.enums.js';

/**
 * 重大活动汇报 A major-activity report, owned by the community tier: the report, the community's
 * review and the overall status; the street and the district add their reviews.
 */
@Entity({ tableName: 'major_activity_report' })
@Index({ properties: ['communityId', 'submittedAt', 'id'] })
@Index({ properties: ['streetId', 'submittedAt', 'id'] })
@Index({ properties: ['districtId', 'submittedAt', 'id'] })
@Index({ properties: ['organizationId', 'submittedAt', 'id'] })
@Index({ properties: ['status', 'levelDueAt'] })
@ObjectType({
  description:
    '重大活动汇报 A major-activity report, escalated community → street → district; each level reviews it in its own subgraph.',
})
@Directive('@key(fields: "id")')
export class MajorActivityReport {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'uuid' })
  organizationId!: string;

  @Property({ type: 'uuid' })
  communityId!: string;

  @Property({ type: 'uuid' })
  streetId!: string;

  @Property({ type: 'uuid' })
  districtId!: string;

  @Property({ type: 'text' })
  @Field({ description: '活动名称' })
  title!: string;

  @Property({ type: 'text' })
  @Field({ description: '活动内容' })
  description!: string;

  @Enum({ items: () => ActivityKind, nativeEnumName: 'activity_kind' })
  @Field(() => ActivityKind)
  kind!: ActivityKind;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  @Field(() => Date, { description: '计划开始' })
  plannedStart!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  @Field(() => Date, { description: '计划结束' })
  plannedEnd!: Date;

  @Property({ type: 'text' })
  @Field({ description: '活动地点' })
  location!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: '预计人数' })
  expectedParticipants!: number;

  @Property({ type: 'text' })
  @Field({ description: '安全措施' })
  safetyMeasures!: string;

  @Property({ type: 'text' })
  contactName!: string;

  @Property({ type: 'text' })
  contactPhone!: string;

  @Enum({ items: () => ReportStatus, nativeEnumName: 'report_status' })
  @Field(() => ReportStatus)
  status!: ReportStatus;

  @Enum({ items: () => ReportLevel, nativeEnumName: 'report_level' })
  @Field(() => ReportLevel)
  currentLevel!: ReportLevel;

  @Property({ type: 'integer', default: 1 })
  @Field(() => Int, { description: '轮次 1, then +1 after each return and resubmission.' })
  round: Opt<number> = 1;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  @Field(() => Date, { description: 'When the organization (last) submitted it.' })
  submittedAt!: Date;

  /** When the current level received it, and when its response is due (policy: review response days). */
  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  levelSince!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  @Field(() => Date, { description: '本级办理时限 When the current level’s response is due.' })
  levelDueAt!: Date;

  /** First time it reached the street / the district (their officers see it from then on). */
  @Property({ type: 'datetime', columnType: 'timestamptz(3)', nullable: true })
  reachedStreetAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)', nullable: true })
  reachedDistrictAt: Date | null = null;

  @Enum({ items: () => ReviewDecision, nativeEnumName: 'review_decision', nullable: true })
  communityDecision: ReviewDecision | null = null;

  @Property({ type: 'text', nullable: true })
  communityOpinion: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)', nullable: true })
  communityReviewedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  communityReviewerName: string | null = null;

  /** The latest other-tier event applied, as (round, level: 2 street, 3 district). */
  @Property({ type: 'integer', default: 0 })
  eventRound: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  eventLevel: Opt<number> = 0;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)', defaultRaw: 'now()' })
  updatedAt: Opt<Date> = clock.now();
}

/** 办理记录 One step of a report's chain, in any tier (the community records the others' steps from their events). */
@Entity({ tableName: 'report_step' })
@Index({ properties: ['reportId', 'at'] })
@ObjectType({ description: '办理记录 One step of a report’s chain.' })
export class ReportStep {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  reportId!: string;

  @Property({ type: 'integer' })
  @Field(() => Int)
  round!: number;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  @Field(() => Date)
  at!: Date;

  @Property({ type: 'text' })
  @Field({ description: 'community, street or district (organization for the submitter’s steps).' })
  tier!: string;

  @Property({ type: 'text' })
  @Field({ description: 'SUBMITTED, RESUBMITTED, FORWARDED, RETURNED, REJECTED, APPROVED, WITHDRAWN.' })
  action!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  actorName: string | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  opinion: string | null = null;
}
