import { keyReference } from '@cso/platform';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A community (owned by the community subgraph) as the street sees it: a key to hang the street's figures on. */
@ObjectType('Community')
@Directive('@key(fields: "id")')
export class CommunityRef {
  @Field(() => ID)
  id!: string;

  static of(id: string): CommunityRef {
    return Object.assign(new CommunityRef(), { id });
  }
}

export const communityReference = {
  Community: { __resolveReference: keyReference(CommunityRef) },
};
