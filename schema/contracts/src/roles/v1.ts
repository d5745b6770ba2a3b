import { ForbiddenError, UnauthenticatedError, type Caller, type SignedInCaller } from '@cso/platform';
import { z } from 'zod';

/**
 * Roles and scopes, version 1 (DESIGN §3): the roles a token may carry and the scope claim each
 * must carry, and the jurisdiction rules every tier applies with them. A breaking change (a role
 * removed, a claim renamed) is a version 2 beside this one until no token carries version 1.
 */
export const ROLES_VERSION = 1;

export const ROLES = ['DISTRICT_OFFICER', 'STREET_OFFICER', 'COMMUNITY_OFFICER', 'ORG_LEADER', 'ANALYST'] as const;
export type Role = (typeof ROLES)[number];

export type ScopeClaim = 'districtId' | 'streetId' | 'communityId' | 'organizationId';

/** The scope claim each role must carry. */
export const SCOPE_CLAIM: Record<Role, ScopeClaim> = {
  DISTRICT_OFFICER: 'districtId',
  STREET_OFFICER: 'streetId',
  COMMUNITY_OFFICER: 'communityId',
  ORG_LEADER: 'organizationId',
  ANALYST: 'districtId',
};

declare module '@cso/platform' {
  /** The claims of a signed-in caller under this contract (typed for every service that imports it). */
  interface CallerClaims {
    role: Role;
    districtId?: string;
    streetId?: string;
    communityId?: string;
    organizationId?: string;
  }
}

const uuid = z.string().uuid();

/** The claims a token must carry to be a caller; a role without its scope id is refused. */
export const callerClaims = z
  .object({
    sub: z.string().min(1).max(200),
    name: z.string().min(1).max(100),
    role: z.enum(ROLES),
    jti: z.string().min(1).max(200).optional(),
    districtId: uuid.optional(),
    streetId: uuid.optional(),
    communityId: uuid.optional(),
    organizationId: uuid.optional(),
  })
  .superRefine((c, ctx) => {
    const claim = SCOPE_CLAIM[c.role];
    if (!c[claim]) ctx.addIssue({ code: 'custom', path: [claim], message: `role ${c.role} needs the ${claim} claim` });
  });

/** The claims parser handed to the platform's token verifier. */
export function callerFromClaims(claims: unknown): SignedInCaller {
  const c = callerClaims.parse(claims);
  return { kind: 'user', ...c };
}

export function isRole(caller: Caller, ...roles: Role[]): caller is SignedInCaller {
  return caller.kind === 'user' && roles.includes(caller.role);
}

/** Where a record sits in the hierarchy; the jurisdiction rules compare a caller's scope with it. */
export interface Placement {
  districtId: string;
  streetId: string;
  communityId: string | null;
  organizationId?: string;
}

/** True when the caller's jurisdiction covers the place: own district, own street, own community, own organization. */
export function covers(caller: Caller, place: Placement): boolean {
  if (caller.kind !== 'user') return false;
  switch (caller.role) {
    case 'DISTRICT_OFFICER':
    case 'ANALYST':
      return caller.districtId === place.districtId;
    case 'STREET_OFFICER':
      return caller.streetId === place.streetId;
    case 'COMMUNITY_OFFICER':
      return place.communityId !== null && caller.communityId === place.communityId;
    case 'ORG_LEADER':
      return place.organizationId !== undefined && caller.organizationId === place.organizationId;
  }
}

/** The columns of a table that record where its rows sit. */
export interface PlacementColumns {
  district: string;
  street: string;
  community: string;
  organization: string;
}

export const PLACEMENT_COLUMNS: PlacementColumns = {
  district: 'district_id',
  street: 'street_id',
  community: 'community_id',
  organization: 'organization_id',
};

/** The SQL twin of {@link covers}: the condition that keeps a list within the caller's jurisdiction. */
export function jurisdictionCondition(
  caller: SignedInCaller,
  columns: PlacementColumns = PLACEMENT_COLUMNS,
): { sql: string; params: unknown[] } {
  switch (caller.role) {
    case 'DISTRICT_OFFICER':
    case 'ANALYST':
      return { sql: `"${columns.district}" = ?`, params: [caller.districtId] };
    case 'STREET_OFFICER':
      return { sql: `"${columns.street}" = ?`, params: [caller.streetId] };
    case 'COMMUNITY_OFFICER':
      return { sql: `"${columns.community}" = ?`, params: [caller.communityId] };
    case 'ORG_LEADER':
      return { sql: `"${columns.organization}" = ?`, params: [caller.organizationId] };
  }
}

/** Throws FORBIDDEN (rule JURISDICTION) unless the caller's jurisdiction covers the place. */
export function assertCovers(caller: Caller, place: Placement, what = 'This record'): void {
  if (caller.kind !== 'user') throw new UnauthenticatedError();
  if (!covers(caller, place)) throw new ForbiddenError(`${what} is outside your jurisdiction`, 'JURISDICTION');
}

/** True for an officer of that district association. */
export function isDistrictOfficerOf(caller: Caller, districtId: string): boolean {
  return isRole(caller, 'DISTRICT_OFFICER') && caller.districtId === districtId;
}

/** True for an officer of that street branch. */
export function isStreetOfficerOf(caller: Caller, streetId: string): boolean {
  return isRole(caller, 'STREET_OFFICER') && caller.streetId === streetId;
}

/** True for an officer of that community committee. */
export function isCommunityOfficerOf(caller: Caller, communityId: string | null): boolean {
  return communityId !== null && isRole(caller, 'COMMUNITY_OFFICER') && caller.communityId === communityId;
}

/**
 * A scope whose figures (statistics, compliance, inspection results) someone asks for. The ids
 * above the scope's own are those the answering tier knows (null when it has no data of the
 * scope: it then has only zeros to show).
 */
export type FiguresScope =
  | { level: 'DISTRICT'; districtId: string }
  | { level: 'STREET'; streetId: string; districtId: string | null }
  | { level: 'COMMUNITY'; communityId: string; streetId: string | null; districtId: string | null };

const LEVEL_RANK = { DISTRICT: 0, STREET: 1, COMMUNITY: 2 } as const;

/**
 * 统计口径 Who may see the figures of a scope: officers and analysts whose jurisdiction contains
 * the whole scope. District officers and analysts: their district and everything in it; street
 * officers: their street and its communities; community officers: their community. Organization
 * leaders and the public: never. The one rule every tier applies to every figure it serves.
 */
export function mayReadFigures(caller: Caller, scope: FiguresScope): boolean {
  if (caller.kind !== 'user') return false;
  const own = (claimed: string | undefined, known: string | null | undefined) => known == null || claimed === known;
  switch (caller.role) {
    case 'DISTRICT_OFFICER':
    case 'ANALYST':
      return own(caller.districtId, scope.districtId);
    case 'STREET_OFFICER':
      return LEVEL_RANK[scope.level] >= LEVEL_RANK.STREET && own(caller.streetId, 'streetId' in scope ? scope.streetId : null);
    case 'COMMUNITY_OFFICER':
      return scope.level === 'COMMUNITY' && caller.communityId === scope.communityId;
    case 'ORG_LEADER':
      return false;
  }
}

/** {@link mayReadFigures}, as the resolvers use it: UNAUTHENTICATED for the public, FORBIDDEN otherwise. */
export function assertMayReadFigures(caller: Caller, scope: FiguresScope): void {
  if (caller.kind !== 'user') throw new UnauthenticatedError();
  if (!mayReadFigures(caller, scope)) {
    throw new ForbiddenError('These figures are for officers and analysts whose jurisdiction covers the scope', 'JURISDICTION');
  }
}
