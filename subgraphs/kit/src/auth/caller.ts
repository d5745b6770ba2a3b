import { z } from 'zod';

/** The roles of DESIGN §3. Each carries the id of the scope it acts in. */
export const ROLES = ['DISTRICT_OFFICER', 'STREET_OFFICER', 'COMMUNITY_OFFICER', 'ORG_LEADER', 'ANALYST'] as const;
export type Role = (typeof ROLES)[number];

/** The scope claim each role must carry. */
export const SCOPE_CLAIM: Record<Role, 'districtId' | 'streetId' | 'communityId' | 'organizationId'> = {
  DISTRICT_OFFICER: 'districtId',
  STREET_OFFICER: 'streetId',
  COMMUNITY_OFFICER: 'communityId',
  ORG_LEADER: 'organizationId',
  ANALYST: 'districtId',
};

export interface SignedInCaller {
  kind: 'user';
  sub: string;
  name: string;
  role: Role;
  districtId?: string;
  streetId?: string;
  communityId?: string;
  organizationId?: string;
}
export type Caller = { kind: 'public' } | SignedInCaller;

export const PUBLIC_CALLER: Caller = { kind: 'public' };

const uuid = z.string().uuid();
/** The claims a token must carry to be a caller; a role without its scope id is refused. */
export const callerClaims = z
  .object({
    sub: z.string().min(1).max(200),
    name: z.string().min(1).max(100),
    role: z.enum(ROLES),
    districtId: uuid.optional(),
    streetId: uuid.optional(),
    communityId: uuid.optional(),
    organizationId: uuid.optional(),
  })
  .superRefine((c, ctx) => {
    const claim = SCOPE_CLAIM[c.role];
    if (!c[claim]) ctx.addIssue({ code: 'custom', path: [claim], message: `role ${c.role} needs the ${claim} claim` });
  });

export function callerFromClaims(claims: unknown): SignedInCaller {
  const c = callerClaims.parse(claims);
  return { kind: 'user', ...c };
}

/** Where a record sits in the hierarchy; the jurisdiction checks compare a caller's scope with it. */
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

/** The usual placement columns of a table that records where its rows sit. */
export const PLACEMENT_COLUMNS = { district: 'district_id', street: 'street_id', community: 'community_id', organization: 'organization_id' };

/** The SQL condition that keeps a list within the caller's jurisdiction (column names per table). */
export function jurisdictionCondition(
  caller: SignedInCaller,
  columns: { district: string; street: string; community: string; organization: string } = PLACEMENT_COLUMNS,
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

export function isRole(caller: Caller, ...roles: Role[]): caller is SignedInCaller {
  return caller.kind === 'user' && roles.includes(caller.role);
}
