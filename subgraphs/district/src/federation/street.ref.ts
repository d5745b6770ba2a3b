import { keyReference } from '@cso/platform';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A street as the district subgraph sees it (the street tier owns it): a key to hang its inspection results on. */
@ObjectType('Street')
@Directive('@key(fields: "id")')
export class StreetRef {
  @Field(() => ID)
  id!: string;
}

export const streetReference = {
  Street: { __resolveReference: keyReference(StreetRef) },
};
