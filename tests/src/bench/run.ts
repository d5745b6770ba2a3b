import { demoClaims, demoUsers, generateWorld } from '@cso/demo-world';
import { dropDatabase, signDevToken, withDatabase } from '@cso/platform';
import { postGraphQL } from '@cso/platform/testing';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ephemeralDevAuth, startEmbeddedPostgres, startStack, TIERS, type Tier } from '@cso/launcher';

/**
 * `npm run bench [-- --size N --requests R --concurrency C]`: seeds N districts into fresh
 * databases, starts the federation, and measures the gateway on the queries users run most.
 * Uses DATABASE_URL when set, otherwise a throw-away embedded PostgreSQL. Prints a Markdown table.
 */
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const size = Number(args.get('size') ?? 1);
const requests = Number(args.get('requests') ?? 200);
const concurrency = Number(args.get('concurrency') ?? 8);

const QUERIES: Record<string, string> = {
  'hierarchy (districts → streets → communities → first 5 organizations)': `{ districts { name streets { name communities { name organizations(first: 5) { totalCount nodes { name status memberCount } } } } } }`,
  'organizations(first: 100) with community → street → district': `{ organizations(first: 100) { nodes { name community { name street { name district { name } } } } } }`,
  'organizations filtered (status + category + search), first 50': `{ organizations(first: 50, filter: { status: FILED, category: CULTURE_SPORTS, search: "队" }) { totalCount nodes { name memberCount partyMemberCount needsPartyStation } } }`,
  'one organization with leader and first 50 members': `query($id: ID!) { organization(id: $id) { name leader { name } members(first: 50) { totalCount nodes { name phone } } } }`,
  'major-activity report headline (chain from three subgraphs)': `query($reportId: ID!) { majorActivityReport(id: $reportId) { title status currentLevel overdue organization { name certificate { number } community { name street { name district { name } } } } communityReview { decision opinion reviewedAt } streetReview { decision opinion reviewedAt } districtReview { decision opinion conditions reviewedAt } timeline { tier action at opinion } } }`,
  'filing application with review, decision, notice and certificate': `query($filingId: ID!) { filingApplication(id: $filingId) { kind status communityReview { decision } streetDecision { stage decision } notice { endsAt objections { status } } certificate { number } history { tier action at } organization { name status } } }`,
  'district statistics (organizations, reports, inspections, compliance)': `query($districtId: ID!, $month: String!) { district(id: $districtId) { organizationStatistics { total byStatus { key count } members lackingPartyStation communitiesBelowTarget } majorActivityReportStatistics { overdue } inspectionResults(year: 2025) { pass fail } monthlyReportCompliance(month: $month) { expected submitted late } } }`,
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
  let server = process.env.DATABASE_URL;
  if (!server) {
    embedded = await startEmbeddedPostgres({
      dataDir: join(tmpdir(), `cso-bench-${randomBytes(4).toString('hex')}`),
      port: 54400 + Math.floor(Math.random() * 500),
      ephemeral: true,
    });
    server = embedded.serverUrl;
  }
  const suffix = randomBytes(3).toString('hex');
  const databaseUrls = Object.fromEntries(TIERS.map((t) => [t, withDatabase(server!, `bench_${t}_${suffix}`)])) as Record<
    Tier,
    string
  >;
  const seedStarted = performance.now();
  const auth = await ephemeralDevAuth();
  const busUrl = withDatabase(server!, `bench_bus_${suffix}`);
  const stack = await startStack({
    databaseUrls,
    busUrl,
    auth,
    seedSize: size,
    logLevel: 'warn',
    env: { NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '0', PUBLIC_RATE_LIMIT_PER_MINUTE: '0' },
  });
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const url = stack.gateway.url;
  // Measured as the district officer: the widest jurisdiction, rosters masked.
  const officer = demoUsers(generateWorld(size)).find((u) => u.login === 'district-officer')!;
  const headers = { authorization: `Bearer ${await signDevToken(auth.keys.privateJwk, demoClaims(officer))}` };
  const sample = await postGraphQL<{ organizations: { totalCount: number; nodes: { id: string }[] } }>(
    url,
    '{ organizations(first: 1) { totalCount nodes { id } } }',
    undefined,
    headers,
  );
  const orgId = sample.data!.organizations.nodes[0]!.id;
  const ids = await postGraphQL<{
    majorActivityReports: { nodes: { id: string }[] };
    filingApplications: { nodes: { id: string }[] };
    districts: { id: string }[];
  }>(
    url,
    '{ majorActivityReports(filter: { status: APPROVED }, first: 1) { nodes { id } } filingApplications(filter: { status: PUBLIC_NOTICE }, first: 1) { nodes { id } } districts { id } }',
    undefined,
    headers,
  );
  const month = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 2, 1)).toISOString().slice(0, 7);
  const lines = [
    `Size ${size}: ${sample.data!.organizations.totalCount} organizations (as the district officer); start-up with seeding ${seedSeconds.toFixed(1)} s; ${requests} requests per query, ${concurrency} at a time.`,
    '',
    '| query | p50 ms | p95 ms | p99 ms | requests/s |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const [name, query] of Object.entries(QUERIES)) {
    const variables = {
      id: orgId,
      reportId: ids.data!.majorActivityReports.nodes[0]!.id,
      filingId: ids.data!.filingApplications.nodes[0]!.id,
      districtId: ids.data!.districts[0]!.id,
      month,
    };
    for (let i = 0; i < 10; i++) await postGraphQL(url, query, variables, headers); // warm-up
    const times: number[] = [];
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests) {
          next++;
          const t0 = performance.now();
          const res = await postGraphQL(url, query, variables, headers);
          if (res.errors) throw new Error(`${name}: ${JSON.stringify(res.errors)}`);
          times.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    times.sort((a, b) => a - b);
    lines.push(
      `| ${name} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} | ${percentile(times, 99).toFixed(1)} | ${(requests / seconds).toFixed(0)} |`,
    );
  }
  lines.push(
    '',
    `Process memory after the run: RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB, heap used ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB (gateway and three subgraphs in one process).`,
  );
  await stack.stop();
  await Promise.all([...TIERS.map((t) => dropDatabase(databaseUrls[t])), dropDatabase(busUrl)]);
  await embedded?.stop();
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
