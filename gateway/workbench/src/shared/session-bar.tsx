import { roleLabel } from './labels';
import { signOut, useNotice, useSession } from './session';

/** The top bar of both pages: where you are, who is signed in, and the way to the other page. */
export function SessionBar({ page, onSignIn }: { page: 'ide' | 'dashboard'; onSignIn: () => void }) {
  const session = useSession();
  const notice = useNotice();
  return (
    <header className="cso-bar">
      <span className="cso-brand">
        社区社会组织 · {page === 'ide' ? 'GraphQL 工作台 Workbench' : '统计看板 Figures dashboard'}
      </span>
      <nav>
        <a href="/graphql" aria-current={page === 'ide' ? 'page' : undefined}>
          查询 IDE
        </a>
        <a href="/dashboard" aria-current={page === 'dashboard' ? 'page' : undefined}>
          统计看板 Dashboard
        </a>
      </nav>
      {notice && <span className="cso-bar-notice">{notice}</span>}
      <span className="cso-bar-user" data-testid="signed-in-user">
        {session ? (
          <>
            <strong>{session.name}</strong> · {roleLabel(session.role)}
            {session.scope ? ` · ${session.scope}` : ''}
          </>
        ) : (
          '未登录 Signed out (public data only)'
        )}
      </span>
      {session ? (
        <button type="button" className="cso-button" onClick={() => signOut()}>
          退出 Sign out
        </button>
      ) : (
        <button type="button" className="cso-button cso-primary" data-testid="open-sign-in" onClick={onSignIn}>
          登录 Sign in
        </button>
      )}
    </header>
  );
}
