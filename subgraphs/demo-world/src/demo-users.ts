import type { Role } from '@cso/contracts';
import { membersOf, type SeedWorld } from './generator.js';

/** A seeded demo user: fixed logins that documentation and tests rely on. */
export interface DemoUser {
  login: string;
  name: string;
  role: Role;
  districtId?: string;
  streetId?: string;
  communityId?: string;
  organizationId?: string;
  /** Where this user works, in words. */
  scope: string;
}

/**
 * The demo users of a seeded world: a district officer; two street officers of different streets;
 * two community officers of different communities of the first street officer's street; the
 * leader of a filed organization in the first community officer's community; an analyst.
 */
export function demoUsers(world: SeedWorld): DemoUser[] {
  const district = world.districts[0]!;
  const [street, street2] = world.streets.filter((s) => s.districtId === district.id);
  const communities = world.communities.filter((c) => c.streetId === street!.id);
  const filedIn = (communityId: string) =>
    world.organizations.find((o) => o.communityId === communityId && o.status === 'FILED' && o.sponsor === 'RESIDENTS');
  const community = communities.find((c) => filedIn(c.id))!;
  const community2 = communities.find((c) => c.id !== community.id)!;
  const org = filedIn(community.id)!;
  const leader = membersOf(org)[0]!;
  return [
    {
      login: 'district-officer',
      name: '赵立新',
      role: 'DISTRICT_OFFICER',
      districtId: district.id,
      scope: district.associationName,
    },
    {
      login: 'street-officer',
      name: '钱卫东',
      role: 'STREET_OFFICER',
      districtId: district.id,
      streetId: street!.id,
      scope: street!.branchName,
    },
    {
      login: 'street-officer-2',
      name: '孙海燕',
      role: 'STREET_OFFICER',
      districtId: district.id,
      streetId: street2!.id,
      scope: street2!.branchName,
    },
    {
      login: 'community-officer',
      name: '李秀英',
      role: 'COMMUNITY_OFFICER',
      districtId: district.id,
      streetId: street!.id,
      communityId: community.id,
      scope: community.committeeName,
    },
    {
      login: 'community-officer-2',
      name: '周建国',
      role: 'COMMUNITY_OFFICER',
      districtId: district.id,
      streetId: street!.id,
      communityId: community2.id,
      scope: community2.committeeName,
    },
    {
      login: 'org-leader',
      name: leader.name,
      role: 'ORG_LEADER',
      districtId: district.id,
      streetId: street!.id,
      communityId: community.id,
      organizationId: org.id,
      scope: org.name,
    },
    { login: 'analyst', name: '吴敏', role: 'ANALYST', districtId: district.id, scope: `${district.name} (analysis)` },
  ];
}

/** The claims of a demo user's token. */
export function demoClaims(user: DemoUser) {
  const { login, name, role, districtId, streetId, communityId, organizationId } = user;
  return { sub: `demo:${login}`, name, role, districtId, streetId, communityId, organizationId };
}
