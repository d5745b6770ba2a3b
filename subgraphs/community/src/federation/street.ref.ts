import { keyReference } from '@cso/platform';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A street as the community subgraph sees it (the street subgraph owns it): a key to hang `communities` and figures on. */
@ObjectType('Street')
@Directive('@key(fields: "id")')
export class StreetRef {
  @Field(() => ID)
  id!: string;

  static of(id: string): StreetRef {
    return Object.assign(new StreetRef(), { id });
  }
}

export const streetReferenceResolvers = {
  Street: {
    // A malformed id resolves to null rather than reaching SQL in the communities batch.
    __resolveReference: keyReference(StreetRef),
  },
};
