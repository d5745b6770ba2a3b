import { covers, isRole, jurisdictionCondition, type Placement } from '@cso/contracts';
import { ForbiddenError, type Caller } from '@cso/platform';
import { OrganizationStatus } from './organization.enums.js';
import type { Organization } from './organization.entity.js';

/** 党员活动站 (seed 001): an organization with `threshold` party members or more must set up a station. */
export function needsPartyStation(partyMemberCount: number, threshold: number): boolean {
  return partyMemberCount >= threshold;
}

export function placementOf(org: Organization): Placement {
  return { districtId: org.districtId, streetId: org.streetId, communityId: org.community, organizationId: org.id };
}

/**
 * Who may read an organization: anyone its filing is public to (a FILED organization is on the
 * public register), and every signed-in user whose jurisdiction covers it.
 */
export function canReadOrganization(caller: Caller, org: Organization): boolean {
  if (caller.kind === 'public') return org.status === OrganizationStatus.FILED;
  return covers(caller, placementOf(org));
}

/**
 * Whether a community may hold an organization the caller can read. An organization sits in its
 * community's street and district (a filing places it there), so an officer or analyst whose
 * jurisdiction does not cover the community reads none of its organizations, and its list is empty
 * without a statement: a district officer's city-wide hierarchy asks the pages of 59 of 60 districts'
 * communities for nothing. An organization's leader and the public are decided per organization.
 */
export function mayReadOrganizationsIn(caller: Caller, community: { id: string; streetId: string; districtId: string }): boolean {
  if (caller.kind !== 'user' || caller.role === 'ORG_LEADER') return true;
  return covers(caller, { districtId: community.districtId, streetId: community.streetId, communityId: community.id });
}

export function assertCanReadOrganization(caller: Caller, org: Organization): void {
  if (!canReadOrganization(caller, org)) {
    throw new ForbiddenError(
      `Organization ${org.id} is outside your jurisdiction`,
      caller.kind === 'public' ? 'PUBLIC_REGISTER_ONLY' : 'JURISDICTION',
    );
  }
}

/** The SQL that keeps a list of organizations to what the caller may read. */
export function readableOrganizations(caller: Caller): { sql: string; params: unknown[] } {
  if (caller.kind === 'public') return { sql: `"status" = ?`, params: [OrganizationStatus.FILED] };
  return jurisdictionCondition(caller, {
    district: 'district_id',
    street: 'street_id',
    community: 'community_id',
    organization: 'id',
  });
}

/**
 * Roster and party station are kept by the organization's own community committee and by its
 * leader; a street-level organization (no community) by its leader and its street's officer.
 */
export function assertCanManageOrganization(caller: Caller, org: Organization): void {
  const allowed =
    (isRole(caller, 'COMMUNITY_OFFICER') && org.community !== null && caller.communityId === org.community) ||
    (isRole(caller, 'STREET_OFFICER') && org.community === null && caller.streetId === org.streetId) ||
    (isRole(caller, 'ORG_LEADER') && caller.organizationId === org.id);
  if (!allowed) throw new ForbiddenError(`You may not change organization ${org.id}`, 'JURISDICTION');
}

export type PersonalDataAccess = 'FULL' | 'MASKED' | 'NONE';

/**
 * Member names, identity numbers and phones: in full to the officer of the organization's own
 * community and to its own leader; masked to other officers who may read the organization;
 * never to analysts or the public.
 */
export function personalDataAccess(caller: Caller, org: Organization): PersonalDataAccess {
  if (caller.kind === 'public' || caller.role === 'ANALYST') return 'NONE';
  if (!covers(caller, placementOf(org))) return 'NONE';
  if (caller.role === 'ORG_LEADER') return 'FULL';
  if (caller.role === 'COMMUNITY_OFFICER') return 'FULL';
  if (caller.role === 'STREET_OFFICER' && org.community === null) return 'FULL';
  return 'MASKED';
}

export function assertPersonalDataVisible(caller: Caller, org: Organization): PersonalDataAccess {
  const access = personalDataAccess(caller, org);
  if (access === 'NONE') throw new ForbiddenError('Member data is not available to you', 'PERSONAL_DATA');
  return access;
}

/** A personal field as the caller may see it: in full, masked, or not at all (null: analysts, the public). */
export function personalField(access: PersonalDataAccess, value: string, mask: (v: string) => string): string | null {
  return access === 'FULL' ? value : access === 'MASKED' ? mask(value) : null;
}
