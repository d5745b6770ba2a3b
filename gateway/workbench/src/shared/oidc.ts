import * as oauth from 'oauth4webapi';
import type { WorkbenchSettings } from './api';
import { sessionFromToken, type Session } from './session';

type OidcSettings = NonNullable<WorkbenchSettings['oidc']>;
const PENDING = 'cso.workbench.oidc';

/** Plain http is accepted only for a provider on this machine (a test or a local provider). */
function options(issuer: URL) {
  return {
    [oauth.allowInsecureRequests]: issuer.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname),
  };
}

async function discover(settings: OidcSettings): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(settings.issuer);
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, options(issuer)));
}

const redirectUri = () => `${location.origin}${location.pathname}`;

/** Authorization code + PKCE: goes to the provider, which comes back to this page with a code. */
export async function startOidcSignIn(settings: OidcSettings): Promise<void> {
  const as = await discover(settings);
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
  const url = new URL(as.authorization_endpoint!);
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('redirect_uri', redirectUri());
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', settings.scope);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', state);
  location.assign(url);
}

let refreshToken: string | undefined;

/**
 * Back from the provider: takes the code and state out of the address bar at once, exchanges the code
 * (with the PKCE verifier) for tokens, and signs the session in. Null when this page load is not a
 * return from the provider.
 */
export async function completeOidcSignIn(settings: OidcSettings): Promise<Session | string | null> {
  const current = new URL(location.href);
  if (!current.searchParams.has('state')) return null;
  history.replaceState(null, '', current.pathname + current.hash);
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem(PENDING);
  if (!pending) return '登录未完成 The sign-in was not started here.';
  try {
    const as = await discover(settings);
    const client: oauth.Client = { client_id: settings.clientId };
    const params = oauth.validateAuthResponse(as, client, current.searchParams, pending.state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      params,
      redirectUri(),
      pending.verifier,
      options(new URL(settings.issuer)),
    );
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, response);
    refreshToken = tokens.refresh_token;
    const token = settings.token === 'id_token' ? tokens.id_token : tokens.access_token;
    return token ? sessionFromToken(token, 'oidc') : '身份提供方未返回令牌 The provider returned no token.';
  } catch (error) {
    return `登录失败 Sign-in failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Renews an OIDC session with its refresh token, when the provider gave one. */
export async function refreshOidcSession(settings: OidcSettings): Promise<Session | null> {
  if (!refreshToken) return null;
  const as = await discover(settings);
  const client: oauth.Client = { client_id: settings.clientId };
  const response = await oauth.refreshTokenGrantRequest(
    as,
    client,
    oauth.None(),
    refreshToken,
    options(new URL(settings.issuer)),
  );
  const tokens = await oauth.processRefreshTokenResponse(as, client, response);
  refreshToken = tokens.refresh_token ?? refreshToken;
  const token = settings.token === 'id_token' ? tokens.id_token : tokens.access_token;
  const session = token ? sessionFromToken(token, 'oidc') : null;
  return typeof session === 'object' ? session : null;
}
