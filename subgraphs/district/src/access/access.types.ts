import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: '吊销记录 A revocation: every service refuses the tokens it names.' })
export class AccessRevocation {
  @Field({ description: 'jti (one token) or sub (every token of a person).' })
  kind!: string;

  @Field({ description: 'The token id or the subject.' })
  value!: string;

  @Field()
  reason!: string;

  @Field(() => Date)
  revokedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Null: until lifted.' })
  expiresAt!: Date | null;
}
