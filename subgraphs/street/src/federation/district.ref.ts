import { keyReference } from '@cso/platform';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A district (owned by the district subgraph) as the street sees it: a key to hang `streets`, the street's audit trail and figures on. */
@ObjectType('District')
@Directive('@key(fields: "id")')
export class DistrictRef {
  @Field(() => ID)
  id!: string;

  static of(id: string): DistrictRef {
    return Object.assign(new DistrictRef(), { id });
  }
}

export const districtReference = {
  // A malformed id resolves to null rather than reaching SQL in the streets batch.
  District: { __resolveReference: keyReference(DistrictRef) },
};
