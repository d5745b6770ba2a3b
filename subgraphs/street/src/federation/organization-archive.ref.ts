import { keyReference } from '@cso/platform';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** An organization's file (owned by the community subgraph) as the street sees it: a key to hang the street's items on. */
@ObjectType('OrganizationArchive')
@Directive('@key(fields: "id")')
export class OrganizationArchiveRef {
  @Field(() => ID)
  id!: string;
}

export const organizationArchiveReference = {
  OrganizationArchive: { __resolveReference: keyReference(OrganizationArchiveRef) },
};
