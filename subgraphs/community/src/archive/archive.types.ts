import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { Organization } from '../organization/organization.entity.js';

/** The file of an organization: each tier adds the items it keeps. */
@ObjectType('OrganizationArchive', { description: '档案 An organization’s file; each tier contributes its part, newest first.' })
@Directive('@key(fields: "id")')
export class OrganizationArchive {
  @Field(() => ID, { description: 'The organization’s id.' })
  id!: string;

  organization?: Organization;

  static of(organization: Organization): OrganizationArchive {
    return Object.assign(new OrganizationArchive(), { id: organization.id, organization });
  }
}
