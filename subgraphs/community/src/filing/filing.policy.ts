import { covers, isCommunityOfficerOf, isRole, isStreetOfficerOf, jurisdictionCondition, type Placement } from '@cso/contracts';
import { ForbiddenError, UnauthenticatedError, type Caller } from '@cso/platform';
import type { Organization } from '../organization/organization.entity.js';
import type { FilingApplication } from './filing.entity.js';

/**
 * Who may read and act on filing applications. Each rule is a named function; where a list needs
 * the same rule, its SQL twin stands beside it.
 */

export function filingPlacement(f: FilingApplication): Placement {
  return { districtId: f.districtId, streetId: f.streetId, communityId: f.communityId, organizationId: f.organizationId };
}

/** A filing is read by every signed-in user whose jurisdiction covers it. */
export function canReadFiling(caller: Caller, filing: FilingApplication): boolean {
  return covers(caller, filingPlacement(filing));
}

export function assertCanReadFiling(caller: Caller, filing: FilingApplication): void {
  if (!canReadFiling(caller, filing))
    throw new ForbiddenError(`Filing application ${filing.id} is outside your jurisdiction`, 'JURISDICTION');
}

/** The SQL twin of {@link canReadFiling}, for lists (signed-in callers only). */
export function readableFilings(caller: Caller): { sql: string; params: unknown[] } {
  if (caller.kind !== 'user') throw new UnauthenticatedError();
  return jurisdictionCondition(caller);
}

/** A new organization's filing is received by the officer of its community committee. */
export function assertCanReceiveFiling(caller: Caller, communityId: string): void {
  if (!isCommunityOfficerOf(caller, communityId))
    throw new ForbiddenError('A new filing is received by the officer of its community committee', 'JURISDICTION');
}

/** The committee that does the preliminary review: the community's officer (the street branch for a street-level organization). */
export function assertCanReview(caller: Caller, f: { communityId: string | null; streetId: string }): void {
  const allowed = f.communityId ? isCommunityOfficerOf(caller, f.communityId) : isStreetOfficerOf(caller, f.streetId);
  if (!allowed) throw new ForbiddenError('Only the committee that received this filing reviews it', 'JURISDICTION');
}

/** Who files for an existing organization: its committee (representing the members) or its leader. */
export function assertCanApplyFor(caller: Caller, org: Organization): void {
  const allowed =
    (org.community ? isCommunityOfficerOf(caller, org.community) : isStreetOfficerOf(caller, org.streetId)) ||
    (isRole(caller, 'ORG_LEADER') && caller.organizationId === org.id);
  if (!allowed) throw new ForbiddenError(`You may not file for organization ${org.id}`, 'JURISDICTION');
}
