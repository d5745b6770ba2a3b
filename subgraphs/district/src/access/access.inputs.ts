import { Field, InputType } from 'type-graphql';

@InputType({
  description:
    '吊销令牌 What to revoke: one token (its id, `jti`) or every token of a person (their subject, `sub`); exactly one.',
})
export class RevokeAccessInput {
  @Field(() => String, { nullable: true, description: '令牌编号 The token’s id (its `jti` claim).' })
  tokenId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: '用户标识 The person’s subject (their `sub` claim): every token they hold.',
  })
  subject?: string | null;

  @Field({ description: '吊销原因 2 to 500 characters.' })
  reason!: string;

  @Field(() => Date, {
    nullable: true,
    description: '截止 Until when (default: a token 24 hours, as no token lives longer; a person until lifted).',
  })
  until?: Date | null;
}
