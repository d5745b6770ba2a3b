import { Field, ID, InputType } from 'type-graphql';
import { StreetStage } from './filing.enums.js';

@InputType({ description: '异议 An objection to a public notice.' })
export class ObjectionInput {
  @Field({ description: '异议内容 10 to 1000 characters.' })
  content!: string;

  @Field({ description: '联系人 2 to 20 Chinese characters; seen by the street branch only.' })
  contactName!: string;

  @Field({ description: '联系电话 11 digits; seen by the street branch only.' })
  contactPhone!: string;
}

@InputType({ description: 'Narrows the street queue; your jurisdiction always applies.' })
export class ForwardedFilingFilter {
  @Field(() => StreetStage, { nullable: true, description: 'PENDING: waiting for the street’s decision.' })
  stage?: StreetStage | null;

  @Field(() => ID, { nullable: true })
  streetId?: string | null;
}

@InputType({ description: 'Narrows the public notices.' })
export class PublicNoticeFilter {
  @Field(() => ID, { nullable: true })
  streetId?: string | null;

  @Field(() => ID, { nullable: true })
  districtId?: string | null;
}
