import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: '列入失信名单 A person to blacklist.' })
export class BlacklistInput {
  @Field(() => ID)
  districtId!: string;

  @Field({ description: '身份证号 18 characters with a valid check digit.' })
  idNumber!: string;

  @Field({ description: '姓名 2 to 20 Chinese characters.' })
  name!: string;

  @Field({ description: '失信事由 5 to 500 characters.' })
  reason!: string;
}
