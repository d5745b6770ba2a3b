import { keyReference } from '@cso/platform';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A community as the district subgraph sees it (the community tier owns it): a key to hang its inspection results on. */
@ObjectType('Community')
@Directive('@key(fields: "id")')
export class CommunityRef {
  @Field(() => ID)
  id!: string;
}

export const communityReference = {
  Community: { __resolveReference: keyReference(CommunityRef) },
};
