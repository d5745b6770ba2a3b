import { keyReference } from '@cso/platform';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** An organization as the district subgraph sees it (the community tier owns it): a key to hang inspections, credit and awards on. */
@ObjectType('Organization')
@Directive('@key(fields: "id")')
export class OrganizationRef {
  @Field(() => ID)
  id!: string;
}

export const organizationReference = {
  Organization: { __resolveReference: keyReference(OrganizationRef) },
};
