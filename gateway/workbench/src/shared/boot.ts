import { keepSessionFresh, loadSettings, setRefresher, type WorkbenchSettings } from './api';
import { completeOidcSignIn, refreshOidcSession } from './oidc';
import { getSession, setNotice, setSession, subscribe } from './session';

/**
 * What both pages do first: read the gateway's sign-in settings, finish an OIDC sign-in when this
 * load is the provider's redirect back, and keep the session fresh from then on.
 */
export async function bootSession(): Promise<WorkbenchSettings | null> {
  let settings: WorkbenchSettings | null = null;
  try {
    settings = await loadSettings();
  } catch {
    setNotice('无法读取登录设置 Cannot read the sign-in settings from the gateway.');
  }
  const oidc = settings?.oidc;
  if (oidc) {
    setRefresher(() => refreshOidcSession(oidc));
    const result = await completeOidcSignIn(oidc);
    if (typeof result === 'string') setNotice(result);
    else if (result) setSession(result);
  }
  keepSessionFresh(getSession());
  subscribe(() => keepSessionFresh(getSession()));
  return settings;
}
