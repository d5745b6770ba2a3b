import { covers, type FiguresScope, type Placement } from '@cso/contracts';
import { ForbiddenError, UnauthenticatedError, type Caller, type SignedInCaller } from '@cso/platform';
import { assertOfficerOfDistrict } from '../district/district.policy.js';
import type { FiledOrganization } from '../filing/filing.entity.js';

/**
 * 监督 The district's rules on its oversight records (inspections, credit, awards) and on the
 * figures it serves (inspection results). Figures follow the one shared rule of the roles contract
 * (`assertMayReadFigures`), given the scope as this tier's register places it.
 */

/** Where an organization on the register sits. */
export function placementOf(entry: FiledOrganization): Placement {
  return {
    districtId: entry.districtId,
    streetId: entry.streetId,
    communityId: entry.communityId,
    organizationId: entry.organizationId,
  };
}

/** The officers of the organization's district association record its inspections, credit events and awards. */
export function assertMayRecordOversight(caller: Caller, entry: FiledOrganization): asserts caller is SignedInCaller {
  assertOfficerOfDistrict(caller, entry.districtId, 'Only the officers of the organization’s district association do this');
}

/** The district's records of an organization are for signed-in users only: asked before anything is loaded. */
export function assertSignedInForRecords(caller: Caller): asserts caller is SignedInCaller {
  if (caller.kind !== 'user') throw new UnauthenticatedError();
}

/**
 * The district's records of an organization (inspections, awards, credit, the archive's district
 * part) are read by every signed-in user whose jurisdiction covers the organization.
 */
export function mayReadRecords(caller: Caller, entry: FiledOrganization): boolean {
  return covers(caller, placementOf(entry));
}

export function assertMayReadRecords(caller: Caller, entry: FiledOrganization): void {
  if (!mayReadRecords(caller, entry)) throw new ForbiddenError('This organization is outside your jurisdiction', 'JURISDICTION');
}

/** Where a street or a community sits, as the register knows it. */
export interface RegisterPlace {
  districtId: string;
  streetId: string;
}

/** A district's figures. */
export function districtFigures(districtId: string): FiguresScope {
  return { level: 'DISTRICT', districtId };
}

/** A street's figures, placed by the register (null when no organization of it was ever filed: only zeros to show). */
export function streetFigures(streetId: string, place: RegisterPlace | null): FiguresScope {
  return { level: 'STREET', streetId, districtId: place?.districtId ?? null };
}

/** A community's figures, placed by the register (null when no organization of it was ever filed: only zeros to show). */
export function communityFigures(communityId: string, place: RegisterPlace | null): FiguresScope {
  return { level: 'COMMUNITY', communityId, streetId: place?.streetId ?? null, districtId: place?.districtId ?? null };
}
