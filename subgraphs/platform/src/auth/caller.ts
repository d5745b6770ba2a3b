/**
 * Who is calling. The platform knows only that a signed-in caller has a subject, a name and a role;
 * which roles exist and which scope claims each carries is the roles contract's business: it adds
 * its claims to {@link CallerClaims} by module augmentation (`declare module '@cso/platform'`), so
 * that services see typed claims while the platform stays free of them.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CallerClaims {}

export type SignedInCaller = {
  kind: 'user';
  sub: string;
  name: string;
  role: string;
  /** The token's id, when it has one (for revocation). */
  jti?: string;
} & CallerClaims;

export type Caller = { kind: 'public' } | SignedInCaller;

export const PUBLIC_CALLER: Caller = { kind: 'public' };

/** Turns a verified token's claims into a caller, or throws (any error is UNAUTHENTICATED). */
export type ClaimsParser = (claims: Record<string, unknown>) => SignedInCaller;

/** True when the caller is signed in with one of the roles (role names come from the roles contract). */
export function hasRole(caller: Caller, ...roles: string[]): caller is SignedInCaller {
  return caller.kind === 'user' && roles.includes(caller.role);
}
