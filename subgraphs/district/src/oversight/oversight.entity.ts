import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum InspectionResult {
  PASS = 'PASS',
  BASIC_PASS = 'BASIC_PASS',
  FAIL = 'FAIL',
}
registerEnumType(InspectionResult, {
  name: 'InspectionResult',
  description: '年检结论',
  valuesConfig: {
    PASS: { description: '合格' },
    BASIC_PASS: { description: '基本合格' },
    FAIL: { description: '不合格 (限期改正)' },
  },
});

export enum CreditKind {
  POSITIVE = 'POSITIVE',
  NEGATIVE = 'NEGATIVE',
}
registerEnumType(CreditKind, {
  name: 'CreditKind',
  description: '诚信事件 A credit event adds (POSITIVE) or takes away (NEGATIVE) points.',
});

/** 年检 One organization's annual inspection (one per year), by the district association. */
@Entity({ tableName: 'inspection' })
@Unique({ properties: ['organizationId', 'year'] })
@Index({ properties: ['districtId', 'year'] })
@Index({ properties: ['streetId', 'year'] })
@Index({ properties: ['communityId', 'year'] })
@ObjectType({ description: '年检 An annual inspection (first quarter) by the district association.' })
export class Inspection {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'uuid' })
  organizationId!: string;

  @Property({ type: 'uuid' })
  districtId!: string;

  @Property({ type: 'uuid' })
  streetId!: string;

  @Property({ type: 'uuid', nullable: true })
  communityId!: string | null;

  @Property({ type: 'integer' })
  @Field(() => Int)
  year!: number;

  @Enum({ items: () => InspectionResult, nativeEnumName: 'inspection_result' })
  @Field(() => InspectionResult)
  result!: InspectionResult;

  @Property({ type: 'text' })
  @Field({ description: '检查意见' })
  findings!: string;

  @Property({ type: 'date', nullable: true })
  @Field(() => String, { nullable: true, description: '限期改正 Deadline to correct (FAIL only), YYYY-MM-DD.' })
  rectifyBy!: string | null;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  @Field(() => Date)
  inspectedAt!: Date;

  @Property({ type: 'text' })
  @Field()
  inspectorName!: string;
}

/** 诚信事件 A credit event of an organization. */
@Entity({ tableName: 'credit_event' })
@Index({ properties: ['organizationId', 'recordedAt'] })
@ObjectType({ description: '诚信事件 A positive or negative credit event.' })
export class CreditEvent {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'uuid' })
  organizationId!: string;

  @Property({ type: 'uuid' })
  districtId!: string;

  @Enum({ items: () => CreditKind, nativeEnumName: 'credit_kind' })
  @Field(() => CreditKind)
  kind!: CreditKind;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: '分值 1 to 100.' })
  points!: number;

  @Property({ type: 'text' })
  @Field()
  reason!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  @Field(() => Date)
  recordedAt!: Date;
}

/** 表彰 An award of the year by the district association. */
@Entity({ tableName: 'award' })
@Unique({ properties: ['organizationId', 'year', 'title'] })
@Index({ properties: ['districtId', 'year'] })
@ObjectType({ description: '表彰 An award by the district association.' })
export class Award {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'uuid' })
  organizationId!: string;

  @Property({ type: 'uuid' })
  districtId!: string;

  @Property({ type: 'integer' })
  @Field(() => Int)
  year!: number;

  @Property({ type: 'text' })
  @Field({ description: '称号, e.g. 优秀社区社会组织' })
  title!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  @Field(() => Date)
  grantedAt!: Date;
}
