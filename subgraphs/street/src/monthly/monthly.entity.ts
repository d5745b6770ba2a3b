import type { Opt } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';

@ObjectType('MonthlyActivity', { description: '活动 One activity of the month.' })
@InputType('MonthlyActivityInput', { description: '活动 One activity of the month: its date (within the month) and content.' })
export class MonthlyActivity {
  @Field({ description: 'YYYY-MM-DD, within the month.' })
  date!: string;

  @Field({ description: '活动内容 2 to 500 characters.' })
  content!: string;
}

/**
 * 月报 An organization's monthly activity report, received by the street branch. One per
 * organization and month; a later one is a correction (revision 2, 3…) and the earlier stays.
 */
@Entity({ tableName: 'monthly_report' })
@Unique({ properties: ['organizationId', 'month', 'revision'] })
// A scope's first reports of a month, for its compliance figures, read from the index alone (monthly.repository.ts).
@Index({ properties: ['streetId', 'month', 'revision'], include: ['organizationId', 'late'] })
@Index({ properties: ['districtId', 'month', 'revision'], include: ['organizationId', 'late'] })
@Index({ properties: ['communityId', 'month', 'revision'], include: ['organizationId', 'late'] })
@Index({ properties: ['organizationId', 'month', 'id'] })
@ObjectType({ description: '月报 A monthly activity report (the current revision of its month).' })
export class MonthlyReport {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'uuid' })
  organizationId!: string;

  @Property({ type: 'uuid', nullable: true })
  communityId!: string | null;

  @Property({ type: 'uuid' })
  streetId!: string;

  @Property({ type: 'uuid' })
  districtId!: string;

  @Property({ type: 'text' })
  @Field({ description: '月份 YYYY-MM' })
  month!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: '1 for the first report of the month; 2, 3… for corrections.' })
  revision!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: '参加人次 Participants (person-times).' })
  participants!: number;

  @Property({ type: 'jsonb' })
  @Field(() => [MonthlyActivity], { description: '活动及内容' })
  activities!: MonthlyActivity[];

  @Property({ type: 'text' })
  @Field({ description: '公益服务范围' })
  publicBenefitScope!: string;

  @Property({ type: 'text' })
  @Field({ description: '好人好事' })
  goodDeeds!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: '参与党员人数' })
  partyMembersTakingPart!: number;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  @Field(() => Date)
  submittedAt!: Date;

  @Property({ type: 'boolean' })
  @Field(() => Boolean, { description: '逾期 Submitted after the due day of the next month (district policy).' })
  late!: boolean;

  /** Set when a correction replaces it. */
  @Property({ type: 'datetime', columnType: 'timestamptz(3)', nullable: true })
  supersededAt: Opt<Date> | null = null;
}
