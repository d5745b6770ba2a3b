import type { FiguresScope } from '@cso/contracts';
import type { Community } from '../community/community.entity.js';

/**
 * 统计口径 Who may see this tier's figures: the one shared rule, `mayReadFigures` of the roles
 * contract, given each scope with the placement this tier knows. A district's figures are for its
 * officers and analysts; a street's for its officers and its district's (null when this tier has
 * no community of the street: it then has only zeros to show); a community's for the officers and
 * analysts whose jurisdiction covers it. Resolvers pass these scopes to `assertMayReadFigures`.
 */

export function districtFigures(districtId: string): FiguresScope {
  return { level: 'DISTRICT', districtId };
}

/** `districtId`: the street's district as this tier knows it from the street's communities, or null. */
export function streetFigures(streetId: string, districtId: string | null): FiguresScope {
  return { level: 'STREET', streetId, districtId };
}

export function communityFigures(community: Community): FiguresScope {
  return { level: 'COMMUNITY', communityId: community.id, streetId: community.streetId, districtId: community.districtId };
}
