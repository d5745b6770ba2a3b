import { covers } from '@cso/contracts';
import { ForbiddenError, type Caller } from '@cso/platform';
import type { PlaceAtStreet } from '../filing/filing.repository.js';

/** 档案 The street's part of an organization's file is read within the caller's jurisdiction (a leader: the own organization's). */
export function mayReadStreetArchive(caller: Caller, organizationId: string, place: PlaceAtStreet): boolean {
  return covers(caller, {
    districtId: place.districtId,
    streetId: place.streetId,
    communityId: place.communityId,
    organizationId,
  });
}

export function assertMayReadStreetArchive(caller: Caller, organizationId: string, place: PlaceAtStreet): void {
  if (!mayReadStreetArchive(caller, organizationId, place))
    throw new ForbiddenError('This organization is outside your jurisdiction', 'JURISDICTION');
}
