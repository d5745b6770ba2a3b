import { useSyncExternalStore } from 'react';

/**
 * Who is signed in, in this browser tab only: the token lives in memory and in sessionStorage (gone
 * when the tab closes), is sent as `Authorization: Bearer`, and never goes into a URL.
 */
export interface Session {
  token: string;
  name: string;
  role: string;
  /** Where the user works, in words (development users) or the scope claim's id. */
  scope: string;
  /** The token's scope claims: districtId, streetId, communityId, organizationId. */
  claims: Record<string, string>;
  /** When the token expires (ms since the epoch). */
  expiresAt: number;
  via: 'dev' | 'token' | 'oidc';
  /** Development sign-in: the demo login, to sign in again before the token expires. */
  login?: string;
}

const KEY = 'cso.workbench.session';
const SCOPE_CLAIMS = ['districtId', 'streetId', 'communityId', 'organizationId'] as const;

function load(): Session | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    return stored && stored.expiresAt > Date.now() ? stored : null;
  } catch {
    return null;
  }
}

let current: Session | null = load();
let notice: string | null = null;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function getSession(): Session | null {
  return current;
}

export function setSession(session: Session | null, message: string | null = null): void {
  current = session;
  notice = message;
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
  emit();
}

export function signOut(message: string | null = null): void {
  setSession(null, message);
}

/** A message for the user about their session (expired, refused…); null when there is none. */
export function getNotice(): string | null {
  return notice;
}

export function setNotice(message: string | null): void {
  notice = message;
  emit();
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, getSession);
}

export function useNotice(): string | null {
  return useSyncExternalStore(subscribe, getNotice);
}

/** The claims of a JWT, read without verifying it (the gateway verifies every request). */
export function decodeClaims(token: string): Record<string, unknown> | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(
      part
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(part.length / 4) * 4, '='),
    );
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as unknown;
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A session from a token (pasted, or from the OIDC provider); an error in words when it cannot be one. */
export function sessionFromToken(token: string, via: Session['via'], extra: Partial<Session> = {}): Session | string {
  const trimmed = token.trim().replace(/^Bearer\s+/i, '');
  const claims = decodeClaims(trimmed);
  if (!claims) return '这不是 JWT 令牌 This is not a JWT.';
  const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : 0;
  if (exp <= Date.now()) return '令牌已过期 The token has expired.';
  const scopeClaims = Object.fromEntries(
    SCOPE_CLAIMS.flatMap((c) => (typeof claims[c] === 'string' ? [[c, claims[c] as string]] : [])),
  );
  const role = typeof claims.role === 'string' ? claims.role : '';
  return {
    token: trimmed,
    name: typeof claims.name === 'string' ? claims.name : String(claims.sub ?? ''),
    role,
    scope: Object.values(scopeClaims)[0] ?? '',
    claims: scopeClaims,
    expiresAt: exp,
    via,
    ...extra,
  };
}

/** Headers that sign a request in as the current session (none when signed out). */
export function authorizationHeader(): Record<string, string> {
  return current ? { authorization: `Bearer ${current.token}` } : {};
}
