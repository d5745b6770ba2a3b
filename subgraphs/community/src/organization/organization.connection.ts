import { connectionOf } from '@cso/platform';
import { Member } from '../member/member.entity.js';
import { Organization } from './organization.entity.js';

export const OrganizationConnection = connectionOf(Organization, 'Organization', 'A page of organizations, ordered by name.');
export type OrganizationConnection = InstanceType<typeof OrganizationConnection>;

export const MemberConnection = connectionOf(Member, 'Member', 'A page of an organization’s roster, ordered by name.');
export type MemberConnection = InstanceType<typeof MemberConnection>;
