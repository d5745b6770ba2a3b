import '../shared/common.css';
import './dashboard.css';
import { useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { bootSession } from '../shared/boot';
import { postOperation, type GraphQLErrorLike } from '../shared/graphql';
import { useSession } from '../shared/session';
import { SessionBar } from '../shared/session-bar';
import { SignInPanel } from '../shared/sign-in';
import { FigureCards } from './cards';
import {
  dashboardOperation,
  figuresOf,
  homeScope,
  periods,
  scopeFromPath,
  scopePath,
  type ScopeFigures,
  type ScopeKind,
} from './figures';

const KIND_LABELS: Record<ScopeKind, string> = { district: '区 District', street: '街道 Street', community: '社区 Community' };

type Load = { state: 'loading' } | { state: 'error'; errors: GraphQLErrorLike[] } | { state: 'ready'; figures: ScopeFigures };

function usePath(): [string, (path: string) => void] {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  return [
    path,
    (next) => {
      history.pushState(null, '', next);
      setPath(next);
    },
  ];
}

function Kpis({ figures }: { figures: ScopeFigures }) {
  const o = figures.organizationStatistics;
  const items: [string, string, number][] = [
    ['total', '组织总数 Organizations', o.total],
    ['members', '成员 Members', o.members],
    ['partyMembers', '党员 Party members', o.partyMembers],
    ['lackingPartyStation', '应建未建党员活动站 Lacking a party station', o.lackingPartyStation],
    ['communitiesBelowTarget', '未达标社区 Communities below target', o.communitiesBelowTarget],
    ['overdue', '超期汇报 Overdue reports', figures.majorActivityReportStatistics.overdue],
  ];
  return (
    <div className="cso-kpis">
      {items.map(([key, label, value]) => (
        <div className="cso-kpi" key={key} data-kpi={key}>
          <span className="cso-kpi-value">{value.toLocaleString('zh-CN')}</span>
          <span className="cso-kpi-label">{label}</span>
        </div>
      ))}
    </div>
  );
}

function ScopePage({
  kind,
  id,
  months,
  navigate,
}: {
  kind: ScopeKind;
  id: string;
  months: number;
  navigate: (path: string) => void;
}) {
  const session = useSession();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const period = useMemo(() => periods(months), [months]);
  useEffect(() => {
    const abort = new AbortController();
    setLoad({ state: 'loading' });
    const operation = dashboardOperation(kind, period.years, period.months);
    postOperation<{ scope: Parameters<typeof figuresOf>[1] }>('dashboard', { ...operation, variables: { id } }, {}, abort.signal)
      .then((result) => {
        if (result.errors?.length || !result.data?.scope)
          setLoad({ state: 'error', errors: result.errors ?? [{ message: 'No data' }] });
        else setLoad({ state: 'ready', figures: figuresOf(kind, result.data.scope, period.years, period.months) });
      })
      .catch((error: unknown) => !abort.signal.aborted && setLoad({ state: 'error', errors: [{ message: String(error) }] }));
    return () => abort.abort();
  }, [kind, id, period, session?.token]);

  if (load.state === 'loading') return <p className="cso-muted">加载中… Loading…</p>;
  if (load.state === 'error')
    return (
      <div className="cso-error" role="alert" data-testid="dashboard-error">
        {load.errors.map((e, i) => (
          <p key={i}>
            {e.extensions?.code === 'FORBIDDEN' ? '无权查看该范围的统计 Not within your jurisdiction: ' : ''}
            {e.message} {e.extensions?.code ? <code>{e.extensions.code}</code> : null}
          </p>
        ))}
      </div>
    );
  const { figures } = load;
  const link = (k: ScopeKind, target: string) => (e: React.MouseEvent) => {
    e.preventDefault();
    navigate(scopePath(k, target));
  };
  return (
    <>
      <nav className="cso-crumbs" aria-label="范围 Scope">
        {figures.parents.map((p) => (
          <a key={p.id} href={scopePath(p.kind, p.id)} onClick={link(p.kind, p.id)}>
            {p.name}
          </a>
        ))}
        <span aria-current="page">{figures.name}</span>
      </nav>
      <h1 data-testid="scope-title">
        {figures.name} <small>{KIND_LABELS[kind]} · 统计看板</small>
      </h1>
      <Kpis figures={figures} />
      <FigureCards figures={figures} />
      {figures.children.length > 0 && (
        <section className="cso-children">
          <h2>下级范围 {kind === 'district' ? '各街道 Streets' : '各社区 Communities'}</h2>
          <ul>
            {figures.children.map((c) => (
              <li key={c.id}>
                <a href={scopePath(c.kind, c.id)} onClick={link(c.kind, c.id)} data-scope-link={c.kind}>
                  {c.name}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function Dashboard() {
  const session = useSession();
  const [path, navigate] = usePath();
  const [signingIn, setSigningIn] = useState(false);
  const [months, setMonths] = useState(3);
  const scope = scopeFromPath(path) ?? homeScope(session);
  useEffect(() => {
    if (session) setSigningIn(false);
  }, [session]);
  return (
    <div className="cso-dashboard">
      <SessionBar page="dashboard" onSignIn={() => setSigningIn((v) => !v)} />
      {signingIn && (
        <div className="cso-sign-in-drawer">
          <SignInPanel />
        </div>
      )}
      <main>
        {!session ? (
          <div className="cso-public" data-testid="signed-out">
            <h1>统计看板 Figures dashboard</h1>
            <p>
              统计数据仅向登录的各级工作人员和数据分析员开放；公众可查看公示和已备案组织名录。The figures are for signed-in
              officers and analysts; the public sees the running notices and the register of filed organizations in the IDE.
            </p>
            <button type="button" className="cso-button cso-primary" onClick={() => setSigningIn(true)}>
              登录 Sign in
            </button>
          </div>
        ) : scope ? (
          <>
            <div className="cso-period">
              <label>
                月报月份数 Months{' '}
                <select value={months} onChange={(e) => setMonths(Number(e.target.value))}>
                  <option value={3}>3</option>
                  <option value={6}>6</option>
                </select>
              </label>
            </div>
            <ScopePage kind={scope.kind} id={scope.id} months={months} navigate={navigate} />
          </>
        ) : (
          <p className="cso-notice" data-testid="no-scope">
            您的角色没有统计范围（统计面向各级工作人员和分析员）。Your role has no statistics scope: the figures are for officers
            and analysts.
          </p>
        )}
      </main>
    </div>
  );
}

await bootSession();
createRoot(document.getElementById('root')!).render(<Dashboard />);
