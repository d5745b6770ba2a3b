import { decodeClaims, getSession, setNotice, setSession, signOut, type Session } from './session';

/** What the gateway tells the browser about signing in (GET /workbench/api/settings). */
export interface WorkbenchSettings {
  identity: 'dev' | 'oidc';
  devSignIn: boolean;
  tokenMinutes: number | null;
  oidc: { issuer: string; clientId: string; scope: string; token: 'access_token' | 'id_token' } | null;
}

export interface DevUserCard {
  login: string;
  name: string;
  role: string;
  scope: string;
}

const API = '/workbench/api';

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  return (await response.json()) as T;
}

let settings: Promise<WorkbenchSettings> | null = null;
export function loadSettings(): Promise<WorkbenchSettings> {
  settings ??= fetch(`${API}/settings`, { headers: { accept: 'application/json' } }).then((r) => json<WorkbenchSettings>(r));
  return settings;
}

export async function listDevUsers(): Promise<DevUserCard[]> {
  return (await json<{ users: DevUserCard[] }>(await fetch(`${API}/dev/users`, { headers: { accept: 'application/json' } })))
    .users;
}

/** Development sign-in: the gateway signs a short-lived token for a demo user. */
export async function devSignIn(login: string): Promise<Session> {
  const response = await fetch(`${API}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ login }),
  });
  const { token, expiresAt, user } = await json<{ token: string; expiresAt: string; user: DevUserCard }>(response);
  const session: Session = {
    token,
    name: user.name,
    role: user.role,
    scope: user.scope,
    claims: {},
    expiresAt: Date.parse(expiresAt),
    via: 'dev',
    login,
  };
  // The scope ids come from the token itself, the one the services will read.
  const claims = decodeClaims(token) ?? {};
  for (const key of ['districtId', 'streetId', 'communityId', 'organizationId'])
    if (typeof claims[key] === 'string') session.claims[key] = claims[key] as string;
  setSession(session);
  return session;
}

let timer: ReturnType<typeof setTimeout> | undefined;
let refresher: ((session: Session) => Promise<Session | null>) | null = null;

/** How an OIDC session renews itself (a refresh token, kept in memory only). */
export function setRefresher(refresh: typeof refresher): void {
  refresher = refresh;
}

/**
 * Keeps the session fresh: five minutes before the token expires, development sign-in signs the
 * same user in again and OIDC uses its refresh token; a pasted token cannot be renewed, so the user
 * is told, and signed out when it expires.
 */
export function keepSessionFresh(session: Session | null): void {
  clearTimeout(timer);
  if (!session) return;
  const renewIn = Math.max(session.expiresAt - Date.now() - 5 * 60_000, 1000);
  timer = setTimeout(async () => {
    if (getSession()?.token !== session.token) return;
    try {
      if (session.via === 'dev' && session.login) return void (await devSignIn(session.login));
      const renewed = session.via === 'oidc' && refresher ? await refresher(session) : null;
      if (renewed) return void setSession(renewed);
    } catch {
      // fall through: ask the user
    }
    setNotice('令牌即将过期，请重新登录 The token expires in a few minutes: sign in again.');
    timer = setTimeout(
      () => signOut('令牌已过期，已退出 The token expired: signed out.'),
      Math.max(session.expiresAt - Date.now(), 0),
    );
  }, renewIn);
}
