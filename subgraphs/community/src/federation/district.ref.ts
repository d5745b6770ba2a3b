import { keyReference } from '@cso/platform';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A district as the community subgraph sees it (the district subgraph owns it): a key to hang this tier's audit trail and figures on. */
@ObjectType('District')
@Directive('@key(fields: "id")')
export class DistrictRef {
  @Field(() => ID)
  id!: string;
}

export const districtReferenceResolvers = {
  District: {
    __resolveReference: keyReference(DistrictRef),
  },
};
