import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum EvaluatorGroup {
  TWO_COMMITTEES = 'TWO_COMMITTEES',
  RESIDENT_REPRESENTATIVES = 'RESIDENT_REPRESENTATIVES',
  JURISDICTION_UNITS = 'JURISDICTION_UNITS',
}
registerEnumType(EvaluatorGroup, {
  name: 'EvaluatorGroup',
  description: '测评主体 Who rates (seed 002).',
  valuesConfig: {
    TWO_COMMITTEES: { description: '社区“两委”' },
    RESIDENT_REPRESENTATIVES: { description: '居民代表' },
    JURISDICTION_UNITS: { description: '辖区单位' },
  },
});

/** 满意度测评 One evaluator group's rating of an organization for a period. */
@Entity({ tableName: 'satisfaction_rating' })
@Unique({ properties: ['organizationId', 'period', 'evaluatorGroup'] })
@Index({ properties: ['communityId', 'period'] })
@ObjectType({ description: '满意度测评 One evaluator group’s rating of an organization for a period.' })
export class SatisfactionRating {
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
  @Field({ description: '测评期 YYYY or YYYY-H1 / YYYY-H2.' })
  period!: string;

  @Enum({ items: () => EvaluatorGroup, nativeEnumName: 'evaluator_group' })
  @Field(() => EvaluatorGroup)
  evaluatorGroup!: EvaluatorGroup;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: '0 to 100' })
  score!: number;

  @Property({ type: 'text' })
  @Field()
  comment!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  @Field(() => Date)
  ratedAt!: Date;
}
