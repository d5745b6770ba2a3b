import { Field, InputType, Int } from 'type-graphql';

@InputType({ description: 'New policy values; fields left out keep their value.' })
export class PoliciesInput {
  @Field(() => Int, { nullable: true, description: '1 to 1000' })
  minimumMembers?: number | null;

  @Field(() => Int, { nullable: true, description: '1 to 100' })
  partyStationThreshold?: number | null;

  @Field(() => Int, { nullable: true, description: '0 to 60' })
  publicNoticeDays?: number | null;

  @Field(() => Int, { nullable: true, description: '0 to 90' })
  majorActivityLeadDays?: number | null;

  @Field(() => Int, { nullable: true, description: '1 to 30' })
  reviewResponseDays?: number | null;

  @Field(() => Int, { nullable: true, description: '1 to 28' })
  monthlyReportDueDay?: number | null;

  @Field(() => Int, { nullable: true, description: '0 to 100' })
  communityTarget?: number | null;
}
