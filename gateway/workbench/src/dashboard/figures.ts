import { placeholders } from '../ide/operations';
import type { Session } from '../shared/session';

export type ScopeKind = 'district' | 'street' | 'community';

export interface KeyCount {
  key: string;
  count: number;
}

export interface InspectionResults {
  year: number;
  filed: number;
  inspected: number;
  pass: number;
  basicPass: number;
  fail: number;
  notInspected: number;
}

export interface MonthlyCompliance {
  month: string;
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  missing: number;
}

/** The figures of one scope, as the dashboard's operation returns them. */
export interface ScopeFigures {
  id: string;
  name: string;
  organizationStatistics: {
    total: number;
    filedByCategory: KeyCount[];
    byStatus: KeyCount[];
    members: number;
    partyMembers: number;
    lackingPartyStation: number;
    communitiesBelowTarget: number;
  };
  majorActivityReportStatistics: { byStatus: KeyCount[]; overdue: number };
  years: InspectionResults[];
  months: MonthlyCompliance[];
  parents: { kind: ScopeKind; id: string; name: string }[];
  children: { kind: ScopeKind; id: string; name: string }[];
}

const ROOT_FIELD: Record<ScopeKind, string> = { district: 'district', street: 'street', community: 'community' };
const OPERATION: Record<ScopeKind, string> = {
  district: 'DashboardDistrict',
  street: 'DashboardStreet',
  community: 'DashboardCommunity',
};
const CHILDREN: Record<ScopeKind, string> = {
  district: 'streets { id name }',
  street: 'communities { id name }',
  community: '',
};
const PARENTS: Record<ScopeKind, string> = {
  district: '',
  street: 'district { id name }',
  community: 'street { id name district { id name } }',
};

/** The years and months a dashboard shows: the last three years, and the last `months` complete months (Asia/Shanghai). */
export function periods(months: number): { years: number[]; months: string[] } {
  const values = placeholders(null);
  const thisYear = Number(values.thisYear);
  const [y, m] = values.lastMonth!.split('-').map(Number) as [number, number];
  const list: string[] = [];
  for (let back = months - 1; back >= 0; back--) {
    const date = new Date(Date.UTC(y, m - 1 - back, 1));
    list.push(`${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return { years: [thisYear - 2, thisYear - 1, thisYear], months: list };
}

/**
 * One named operation per scope kind, asking only for the statistics the graph already has: each
 * year and month is an alias (at most 9 of the gateway's 15).
 */
export function dashboardOperation(kind: ScopeKind, years: number[], months: string[]): { query: string; operationName: string } {
  const yearFields = years.map(
    (y, i) => `y${i}: inspectionResults(year: ${y}) { year filed inspected pass basicPass fail notInspected }`,
  );
  const monthFields = months.map(
    (m, i) => `m${i}: monthlyReportCompliance(month: "${m}") { month expected submitted onTime late missing }`,
  );
  const query = `query ${OPERATION[kind]}($id: ID!) {
  scope: ${ROOT_FIELD[kind]}(id: $id) {
    id
    name
    organizationStatistics { total filedByCategory { key count } byStatus { key count } members partyMembers lackingPartyStation communitiesBelowTarget }
    majorActivityReportStatistics { byStatus { key count } overdue }
    ${[...yearFields, ...monthFields].join('\n    ')}
    ${PARENTS[kind]}
    ${CHILDREN[kind]}
  }
}`;
  return { query, operationName: OPERATION[kind] };
}

type Raw = Record<string, unknown> & { id: string; name: string };

/** The operation's answer as figures: aliases back into lists, the hierarchy around the scope. */
export function figuresOf(kind: ScopeKind, scope: Raw, years: number[], months: string[]): ScopeFigures {
  const parents: ScopeFigures['parents'] = [];
  if (kind === 'street') parents.push({ kind: 'district', ...(scope.district as Raw) });
  if (kind === 'community') {
    const street = scope.street as Raw & { district: Raw };
    parents.push(
      { kind: 'district', id: street.district.id, name: street.district.name },
      { kind: 'street', id: street.id, name: street.name },
    );
  }
  const childKind: ScopeKind | null = kind === 'district' ? 'street' : kind === 'street' ? 'community' : null;
  const children = childKind
    ? ((scope[kind === 'district' ? 'streets' : 'communities'] as Raw[]) ?? []).map((c) => ({
        kind: childKind,
        id: c.id,
        name: c.name,
      }))
    : [];
  return {
    id: scope.id,
    name: scope.name,
    organizationStatistics: scope.organizationStatistics as ScopeFigures['organizationStatistics'],
    majorActivityReportStatistics: scope.majorActivityReportStatistics as ScopeFigures['majorActivityReportStatistics'],
    years: years.map((_, i) => scope[`y${i}`] as InspectionResults),
    months: months.map((_, i) => scope[`m${i}`] as MonthlyCompliance),
    parents,
    children,
  };
}

/** Where a signed-in user's dashboard starts: the widest scope of their role. */
export function homeScope(session: Session | null): { kind: ScopeKind; id: string } | null {
  const c = session?.claims ?? {};
  if (session?.role === 'DISTRICT_OFFICER' || session?.role === 'ANALYST')
    return c.districtId ? { kind: 'district', id: c.districtId } : null;
  if (session?.role === 'STREET_OFFICER') return c.streetId ? { kind: 'street', id: c.streetId } : null;
  if (session?.role === 'COMMUNITY_OFFICER') return c.communityId ? { kind: 'community', id: c.communityId } : null;
  return null;
}

export function scopeFromPath(pathname: string): { kind: ScopeKind; id: string } | null {
  const match = /^\/dashboard\/(district|street|community)\/([\w-]+)\/?$/.exec(pathname);
  return match ? { kind: match[1] as ScopeKind, id: match[2]! } : null;
}

export const scopePath = (kind: ScopeKind, id: string) => `/dashboard/${kind}/${id}`;
