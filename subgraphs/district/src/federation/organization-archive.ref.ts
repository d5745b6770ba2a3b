import { keyReference } from '@cso/platform';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** An organization's file as the district subgraph sees it: a key to hang the district's part of the archive on. */
@ObjectType('OrganizationArchive')
@Directive('@key(fields: "id")')
export class OrganizationArchiveRef {
  @Field(() => ID)
  id!: string;
}

export const organizationArchiveReference = {
  OrganizationArchive: { __resolveReference: keyReference(OrganizationArchiveRef) },
};
