import { useEffect, useState } from 'react';
import { devSignIn, listDevUsers, loadSettings, type DevUserCard, type WorkbenchSettings } from './api';
import { roleLabel } from './labels';
import { startOidcSignIn } from './oidc';
import { sessionFromToken, setSession, signOut, useNotice, useSession } from './session';

/**
 * Signing in: the demo users in development (a picker), the configured OIDC provider in production,
 * or a pasted token (from `npm run -s token -- <login>` or another tool). Shows who is signed in.
 */
export function SignInPanel() {
  const session = useSession();
  const notice = useNotice();
  const [settings, setSettings] = useState<WorkbenchSettings | null>(null);
  const [users, setUsers] = useState<DevUserCard[] | null>(null);
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    loadSettings()
      .then(async (s) => {
        setSettings(s);
        if (s.devSignIn) setUsers(await listDevUsers());
      })
      .catch(() => setError('无法读取登录设置 Cannot read the sign-in settings.'));
  }, []);

  const pick = async (login: string) => {
    setBusy(login);
    setError(null);
    try {
      await devSignIn(login);
    } catch (e) {
      setError(`登录失败 Sign-in failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(null);
    }
  };
  const usePasted = () => {
    const result = sessionFromToken(pasted, 'token');
    if (typeof result === 'string') return setError(result);
    setSession(result);
    setPasted('');
    setError(null);
  };

  return (
    <div className="cso-sign-in" data-testid="sign-in-panel">
      <h2>登录 Sign in</h2>
      {session ? (
        <div className="cso-current-user">
          <p>
            已登录 Signed in as <strong data-testid="panel-user">{session.name}</strong>
            <br />
            {roleLabel(session.role)}
            {session.scope ? ` · ${session.scope}` : ''}
            <br />
            <small>
              令牌有效至 Token valid until {new Date(session.expiresAt).toLocaleTimeString('zh-CN', { hour12: false })}
            </small>
          </p>
          <button type="button" className="cso-button" onClick={() => signOut()}>
            退出 Sign out
          </button>
        </div>
      ) : (
        <p className="cso-muted">
          未登录：只能查看公开数据（公示、已备案组织名录）。Signed out: public data only (notices, the public register).
        </p>
      )}
      {notice && (
        <p className="cso-notice" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p className="cso-error" role="alert">
          {error}
        </p>
      )}
      {settings?.devSignIn && users && (
        <section>
          <h3>演示用户 Demo users</h3>
          <p className="cso-muted">
            开发环境：选择一位演示用户登录（令牌 {settings.tokenMinutes} 分钟，到期前自动续签）。Development identity: pick a demo
            user (a {settings.tokenMinutes}-minute token, renewed before it expires).
          </p>
          <ul className="cso-user-list" data-testid="demo-users">
            {users.map((u) => (
              <li key={u.login}>
                <button
                  type="button"
                  className="cso-user"
                  data-login={u.login}
                  aria-pressed={session?.login === u.login}
                  disabled={busy !== null}
                  onClick={() => void pick(u.login)}
                >
                  <span className="cso-user-name">{u.name}</span>
                  <span className="cso-user-role">{roleLabel(u.role)}</span>
                  <span className="cso-user-scope">{u.scope}</span>
                  <code>{u.login}</code>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {settings?.oidc && (
        <section>
          <h3>统一身份认证 Single sign-on</h3>
          <button
            type="button"
            className="cso-button cso-primary"
            data-testid="oidc-sign-in"
            onClick={() => void startOidcSignIn(settings.oidc!)}
          >
            通过 {new URL(settings.oidc.issuer).host} 登录 Sign in with the identity provider
          </button>
        </section>
      )}
      <section>
        <details open={settings !== null && !settings.devSignIn && !settings.oidc}>
          <summary>粘贴令牌 Paste a token</summary>
          <textarea
            aria-label="Bearer token"
            data-testid="token-input"
            rows={4}
            spellCheck={false}
            autoComplete="off"
            value={pasted}
            placeholder="eyJ…"
            onChange={(e) => setPasted(e.target.value)}
          />
          <button type="button" className="cso-button" disabled={!pasted.trim()} onClick={usePasted}>
            使用此令牌 Use this token
          </button>
          <p className="cso-muted">
            令牌只保存在本标签页中，不会出现在网址里。The token stays in this tab only and never goes into a URL.
          </p>
        </details>
      </section>
    </div>
  );
}
