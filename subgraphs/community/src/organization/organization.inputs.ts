import { Field, ID, InputType } from 'type-graphql';
import { OrganizationCategory, OrganizationStatus } from './organization.enums.js';

@InputType({ description: 'Narrows the organizations of one community.' })
export class CommunityOrganizationFilter {
  @Field(() => OrganizationCategory, { nullable: true })
  category?: OrganizationCategory | null;

  @Field(() => OrganizationStatus, { nullable: true })
  status?: OrganizationStatus | null;

  @Field(() => String, { nullable: true, description: 'Part of the name, 1 to 50 characters (case-insensitive).' })
  search?: string | null;
}

@InputType({ description: 'Narrows a list of organizations; all given conditions must hold.' })
export class OrganizationFilter extends CommunityOrganizationFilter {
  @Field(() => ID, { nullable: true, description: 'Only organizations of this district.' })
  districtId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only organizations of this street (street-level ones included).' })
  streetId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only organizations of this community.' })
  communityId?: string | null;
}
