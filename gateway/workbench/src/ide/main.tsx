import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';
import '../shared/common.css';
import './ide.css';
import { explorerPlugin } from '@graphiql/plugin-explorer';
import { useGraphiQLActions, type GraphiQLPlugin } from '@graphiql/react';
import type { Fetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { useEffect, useRef } from 'react';
import { createRoot } from 'react-dom/client';
import { bootSession } from '../shared/boot';
import { postOperation } from '../shared/graphql';
import { getSession, useSession } from '../shared/session';
import { SessionBar } from '../shared/session-bar';
import { SignInPanel } from '../shared/sign-in';
import { BUILT_IN } from './operations';
import { ResultExport } from './result-export';
import { SavedOperations } from './saved-operations';

/** Requests from the editors: the session's token unless the headers editor names its own. */
const fetcher: Fetcher = (params, options) => {
  const headers = Object.fromEntries(Object.entries(options?.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
  // The gateway's answer is a GraphQL result; GraphiQL's type (with graphql-ws installed) wants GraphQLError instances.
  return postOperation('ide', params, headers) as unknown as ReturnType<Fetcher>;
};

const UserIcon = () => (
  <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="1.6" aria-hidden="true">
    <circle cx="12" cy="8" r="4" />
    <path d="M4 21c0-4 3.6-7 8-7s8 3 8 7" />
  </svg>
);
const BookmarkIcon = () => (
  <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="1.6" aria-hidden="true">
    <path d="M6 3h12v18l-6-4-6 4z" />
  </svg>
);

const SIGN_IN = '登录 Sign in';
const SAVED = '常用查询 Saved operations';
const plugins: GraphiQLPlugin[] = [
  { title: SIGN_IN, icon: UserIcon, content: SignInPanel },
  { title: SAVED, icon: BookmarkIcon, content: SavedOperations },
  explorerPlugin(),
];

const WELCOME = `# 社区社会组织 GraphQL 工作台 · Workbench
#
# 1. 登录 Sign in: the person icon on the left (demo users in development).
# 2. 常用查询 Saved operations: the bookmark icon; each opens in a tab of its own.
# 3. 文档 Docs: the book icon shows every type and field with its Chinese term.
# 4. Run with Ctrl-Enter; a list in the result downloads as CSV (Excel) or JSON below it.
#
# Without signing in you see public data only, such as the running notices:
${BUILT_IN.find((o) => o.name === 'RunningPublicNotices')?.query ?? ''}`;

/** Inside GraphiQL: fetches the schema again when the session changes, and lets the top bar open the sign-in panel. */
function SessionWatcher({ openPlugin }: { openPlugin: React.RefObject<((title: string) => void) | null> }) {
  const session = useSession();
  const { introspect, setVisiblePlugin } = useGraphiQLActions();
  const first = useRef(true);
  useEffect(() => {
    openPlugin.current = (title) => setVisiblePlugin(title);
  }, [openPlugin, setVisiblePlugin]);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    void introspect();
    if (session) setVisiblePlugin(SAVED);
    // Only a new token (signing in, out, or renewing) fetches the schema again.
  }, [session?.token]);
  return null;
}

function Ide() {
  const openPlugin = useRef<((title: string) => void) | null>(null);
  return (
    <div className="cso-ide">
      <SessionBar page="ide" onSignIn={() => openPlugin.current?.(SIGN_IN)} />
      <div className="cso-ide-main">
        <GraphiQL
          fetcher={fetcher}
          plugins={plugins}
          visiblePlugin={getSession() ? SAVED : SIGN_IN}
          defaultTabs={[{ query: WELCOME }]}
          defaultEditorToolsVisibility="variables"
          shouldPersistHeaders={false}
          inputValueDeprecation
        >
          <GraphiQL.Logo>
            <span className="cso-logo">工作台</span>
          </GraphiQL.Logo>
          <GraphiQL.Footer>
            <SessionWatcher openPlugin={openPlugin} />
            <ResultExport />
          </GraphiQL.Footer>
        </GraphiQL>
      </div>
    </div>
  );
}

await bootSession();
createRoot(document.getElementById('root')!).render(<Ide />);
