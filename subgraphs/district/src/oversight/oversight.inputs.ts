import { Field, ID, InputType, Int } from 'type-graphql';
import { CreditKind, InspectionResult } from './oversight.entity.js';

@InputType()
export class InspectionInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => InspectionResult)
  result!: InspectionResult;

  @Field({ description: '检查意见 2 to 2000 characters.' })
  findings!: string;

  @Field(() => String, { nullable: true, description: '限期改正 YYYY-MM-DD; required for FAIL, refused otherwise.' })
  rectifyBy?: string | null;
}

@InputType()
export class CreditEventInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => CreditKind)
  kind!: CreditKind;

  @Field(() => Int, { description: '1 to 100' })
  points!: number;

  @Field({ description: '2 to 500 characters.' })
  reason!: string;
}

@InputType()
export class AwardInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => Int)
  year!: number;

  @Field({ description: '称号 2 to 100 characters.' })
  title!: string;
}
