import { demoClaims, demoUsers, generateWorld } from '@cso/demo-world';
import { signDevToken } from '@cso/platform';
import { dataOf, type Client } from './client.js';
import type { BenchStack } from './stack.js';

/** The benchmark's queries and what they need: one definition for the gateway comparison and the scale run. */

export interface BenchQuery {
  key: string;
  label: string;
  query: string;
}

export const QUERIES: BenchQuery[] = [
  {
    key: 'hierarchy',
    label: 'districts → streets → communities → first 5 organizations',
    query: `{ districts { name streets { name communities { name organizations(first: 5) { totalCount nodes { name status memberCount } } } } } }`,
  },
  {
    key: 'organizations → district',
    label: '`organizations(first: 100)` with community → street → district',
    query: `{ organizations(first: 100) { nodes { name community { name street { name district { name } } } } } }`,
  },
  {
    key: 'filtered organizations',
    label: 'organizations filtered by status + category + search, first 50',
    query: `{ organizations(first: 50, filter: { status: FILED, category: CULTURE_SPORTS, search: "队" }) { totalCount nodes { name memberCount partyMemberCount needsPartyStation } } }`,
  },
  {
    key: 'organization + members',
    label: 'one organization with leader and first 50 members (masked)',
    query: `query($id: ID!) { organization(id: $id) { name leader { name } members(first: 50) { totalCount nodes { name phone } } } }`,
  },
  {
    key: 'report headline',
    label: 'major-activity report headline: the chain from three subgraphs',
    query: `query($reportId: ID!) { majorActivityReport(id: $reportId) { title status currentLevel overdue organization { name certificate { number } community { name street { name district { name } } } } communityReview { decision opinion reviewedAt } streetReview { decision opinion reviewedAt } districtReview { decision opinion conditions reviewedAt } timeline { tier action at opinion } } }`,
  },
  {
    key: 'filing view',
    label: 'filing application with review, street decision, notice, certificate and history',
    query: `query($filingId: ID!) { filingApplication(id: $filingId) { kind status communityReview { decision } streetDecision { stage decision } notice { endsAt objections { status } } certificate { number } history { tier action at } organization { name status } } }`,
  },
  {
    key: 'district statistics',
    label: 'district statistics: organizations, reports, inspections, monthly compliance',
    query: `query($districtId: ID!, $month: String!) { district(id: $districtId) { organizationStatistics { total byStatus { key count } members lackingPartyStation communitiesBelowTarget } majorActivityReportStatistics { overdue } inspectionResults(year: 2025) { pass fail } monthlyReportCompliance(month: $month) { expected submitted late } } }`,
  },
];

/** The request body of a query, with only the variables it declares. */
export function bodyOf(query: string, variables: Record<string, unknown>): string {
  const used = Object.fromEntries(Object.entries(variables).filter(([name]) => query.includes(`$${name}`)));
  return JSON.stringify(Object.keys(used).length ? { query, variables: used } : { query });
}

/**
 * The queries that read one district's data (all but the city-wide hierarchy): their cost should not
 * grow with the number of districts in the city.
 */
export const SINGLE_DISTRICT = QUERIES.filter((q) => q.key !== 'hierarchy');

export interface BenchSession {
  /** The district officer's bearer header. */
  headers: Record<string, string>;
  /** The variables of the queries: ids of an organization, a report, a filing in the officer's district. */
  variables: Record<string, unknown>;
  /** How many organizations the officer sees. */
  visible: number;
}

/** Signs in as the district officer of a stack seeded at `size` and picks the ids the queries ask about. */
export async function benchSession(bench: BenchStack, size: number, client: Client): Promise<BenchSession> {
  const officer = demoUsers(generateWorld(size, 0)).find((u) => u.login === 'district-officer')!;
  const token = await signDevToken(bench.auth.keys.privateJwk, demoClaims(officer), { expiresIn: '12h' });
  const headers = { authorization: `Bearer ${token}` };
  const ask = async (query: string) => dataOf(await client.post(bodyOf(query, {}), headers), `session: ${query.slice(0, 60)}`);
  const sample = (await ask('{ organizations(first: 1) { totalCount nodes { id } } }')) as {
    organizations: { totalCount: number; nodes: { id: string }[] };
  };
  const ids = (await ask(
    '{ majorActivityReports(filter: { status: APPROVED }, first: 1) { nodes { id } } filingApplications(filter: { status: PUBLIC_NOTICE }, first: 1) { nodes { id } } districts { id } }',
  )) as {
    majorActivityReports: { nodes: { id: string }[] };
    filingApplications: { nodes: { id: string }[] };
    districts: { id: string }[];
  };
  const now = new Date();
  return {
    headers,
    visible: sample.organizations.totalCount,
    variables: {
      id: sample.organizations.nodes[0]!.id,
      reportId: ids.majorActivityReports.nodes[0]!.id,
      filingId: ids.filingApplications.nodes[0]!.id,
      // The officer's own district: the figures are for the scope of a jurisdiction (other districts are refused).
      districtId: officer.districtId ?? ids.districts[0]!.id,
      month: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1)).toISOString().slice(0, 7),
    },
  };
}
