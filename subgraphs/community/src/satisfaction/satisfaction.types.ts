import { Field, Float, ObjectType } from 'type-graphql';
import { SatisfactionRating } from './satisfaction.entity.js';

@ObjectType({ description: '满意度 An organization’s satisfaction results of one period.' })
export class SatisfactionPeriod {
  @Field()
  period!: string;

  @Field(() => Float, { description: 'The average of the groups’ scores.' })
  average!: number;

  @Field(() => [SatisfactionRating])
  ratings!: SatisfactionRating[];
}
