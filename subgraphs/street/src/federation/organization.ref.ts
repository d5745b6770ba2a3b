import { keyReference } from '@cso/platform';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** An organization (owned by the community subgraph) as the street sees it: a key to hang its certificate, filing and monthly reports on. */
@ObjectType('Organization')
@Directive('@key(fields: "id")')
export class OrganizationRef {
  @Field(() => ID)
  id!: string;
}

export const organizationReference = {
  Organization: { __resolveReference: keyReference(OrganizationRef) },
};
