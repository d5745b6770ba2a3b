import { demoClaims, filingPlanOf, generateWorld, oversightPlanOf, reportPlanOf } from '@cso/demo-world';
import { signDevToken } from '@cso/platform';
import { startTestStack, type TestStack } from './support/stack.js';

const SIZE = 0.2;
const world = generateWorld(SIZE);
const district = world.districts[0]!;
const oversight = oversightPlanOf(world);
let t: TestStack;
let orgId: string;

beforeAll(async () => {
  t = await startTestStack({ seedSize: SIZE });
  orgId = t.users.find((u) => u.login === 'org-leader')!.organizationId!;
});
afterAll(() => t?.stop());

const lastYear = new Date().getUTCFullYear() - 1;
const count = <T>(items: T[], key: (item: T) => string) => {
  const map: Record<string, number> = {};
  for (const item of items) map[key(item)] = (map[key(item)] ?? 0) + 1;
  return Object.entries(map)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => ({ key: k, count: n }));
};

describe('statistics for analysts, each figure from the subgraph that owns the data', () => {
  it('match counts computed independently from the seed', async () => {
    const month = oversight.months[0]!;
    const res = await t.gql<{
      district: {
        organizationStatistics: Record<string, unknown>;
        majorActivityReportStatistics: { byStatus: { key: string; count: number }[] };
        inspectionResults: Record<string, number>;
        monthlyReportCompliance: Record<string, unknown>;
      };
    }>(
      `query($d: ID!, $y: Int!, $m: String!) { district(id: $d) {
        organizationStatistics { total filedByCategory { key count } byStatus { key count } members partyMembers lackingPartyStation communitiesBelowTarget }
        majorActivityReportStatistics { byStatus { key count } }
        inspectionResults(year: $y) { year filed inspected pass basicPass fail notInspected }
        monthlyReportCompliance(month: $m) { month expected submitted onTime late missing }
      } }`,
      { d: district.id, y: lastYear, m: month },
      await t.as('analyst'),
    );
    expect(res.errors).toBeUndefined();
    const orgs = world.organizations;
    const filed = orgs.filter((o) => o.status === 'FILED');
    const filedPerCommunity = (id: string) => filed.filter((o) => o.communityId === id).length;
    expect(res.data!.district.organizationStatistics).toEqual({
      total: orgs.length,
      filedByCategory: count(filed, (o) => o.category),
      byStatus: count(orgs, (o) => o.status),
      members: filed.reduce((s, o) => s + o.memberCount, 0),
      partyMembers: filed.reduce((s, o) => s + o.partyMemberCount, 0),
      lackingPartyStation: filed.filter((o) => o.partyMemberCount >= 3 && !o.hasPartyStation).length,
      communitiesBelowTarget: world.communities.filter((c) => filedPerCommunity(c.id) < 5).length,
    });
    expect(res.data!.district.majorActivityReportStatistics.byStatus).toEqual(count(reportPlanOf(world), (r) => r.status));
    const inspections = oversight.inspections;
    expect(res.data!.district.inspectionResults).toEqual({
      year: lastYear,
      // On the district's register: FILED, and DISSOLVING until the street completes the dissolution.
      filed: orgs.filter((o) => o.status === 'FILED' || o.status === 'DISSOLVING').length,
      inspected: inspections.length,
      pass: inspections.filter((i) => i.result === 'PASS').length,
      basicPass: inspections.filter((i) => i.result === 'BASIC_PASS').length,
      fail: inspections.filter((i) => i.result === 'FAIL').length,
      notInspected: 0,
    });
    // Expected to report: a certificate issued before the month ended and not voided by then.
    const [y, m] = month.split('-').map(Number) as [number, number];
    const end = new Date(Date.UTC(y, m, 1));
    const expected = new Set(
      filingPlanOf(world)
        .certificates.filter((c) => c.issuedAt < end && (!c.voidedAt || c.voidedAt >= end))
        .map((c) => c.organizationId),
    );
    const firsts = oversight.monthly.filter((r) => r.month === month && r.revision === 1 && expected.has(r.organization.id));
    expect(res.data!.district.monthlyReportCompliance).toEqual({
      month,
      expected: expected.size,
      submitted: firsts.length,
      onTime: firsts.filter((r) => !r.late).length,
      late: firsts.filter((r) => r.late).length,
      missing: expected.size - firsts.length,
    });
  });

  it('inspection results per street and community match the seed', async () => {
    const streetId = t.users.find((u) => u.login === 'street-officer')!.streetId!;
    const res = await t.gql<{
      street: {
        inspectionResults: { inspected: number; fail: number };
        communities: { id: string; inspectionResults: { inspected: number; pass: number } }[];
      };
    }>(
      'query($s: ID!, $y: Int!) { street(id: $s) { inspectionResults(year: $y) { inspected fail } communities { id inspectionResults(year: $y) { inspected pass } } } }',
      { s: streetId, y: lastYear },
      await t.as('street-officer'),
    );
    expect(res.errors).toBeUndefined();
    const inStreet = oversight.inspections.filter((i) => i.organization.streetId === streetId);
    expect(res.data!.street.inspectionResults).toEqual({
      inspected: inStreet.length,
      fail: inStreet.filter((i) => i.result === 'FAIL').length,
    });
    for (const c of res.data!.street.communities) {
      const inCommunity = inStreet.filter((i) => i.organization.communityId === c.id);
      expect(c.inspectionResults).toEqual({
        inspected: inCommunity.length,
        pass: inCommunity.filter((i) => i.result === 'PASS').length,
      });
    }
    const other = await t.gql(
      'query($s: ID!) { street(id: $s) { inspectionResults(year: 2025) { filed } } }',
      { s: streetId },
      await t.as('street-officer-2'),
    );
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('street and community figures follow the jurisdiction', async () => {
    const streetId = t.users.find((u) => u.login === 'street-officer')!.streetId!;
    const Q =
      'query($s: ID!) { street(id: $s) { organizationStatistics { total } communities { id organizationStatistics { total } } } }';
    const mine = await t.gql<{
      street: {
        organizationStatistics: { total: number };
        communities: { id: string; organizationStatistics: { total: number } }[];
      };
    }>(Q, { s: streetId }, await t.as('street-officer'));
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.street.organizationStatistics.total).toBe(
      world.organizations.filter((o) => o.streetId === streetId).length,
    );
    for (const c of mine.data!.street.communities)
      expect(c.organizationStatistics.total).toBe(world.organizations.filter((o) => o.communityId === c.id).length);
    const other = await t.gql(Q, { s: streetId }, await t.as('street-officer-2'));
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const districtFigures = await t.gql(
      'query($d: ID!) { district(id: $d) { organizationStatistics { total } } }',
      { d: district.id },
      await t.as('street-officer'),
    );
    expect(districtFigures.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const leader = await t.gql(
      'query($d: ID!) { district(id: $d) { inspectionResults(year: 2025) { filed } } }',
      { d: district.id },
      await t.as('org-leader'),
    );
    expect(leader.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('monthly reports', () => {
  const SUBMIT =
    'mutation($o: ID!, $m: String!, $input: MonthlyReportInput!) { submitMonthlyReport(organizationId: $o, month: $m, input: $input) { month revision late participants } }';
  const now = new Date();
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  const report = (month: string, participants = 120) => ({
    participants,
    activities: [{ date: `${month}-05`, content: '合唱排练' }],
    publicBenefitScope: '社区老年居民',
    goodDeeds: '为独居老人送餐',
    partyMembersTakingPart: 3,
  });

  it('one per organization and month; a second is a correction that keeps the first; lateness follows the due day', async () => {
    const leader = await t.as('org-leader');
    // The seed may hold reports for last month already; each new one is the next revision.
    const seeded = oversight.monthly.filter((r) => r.organization.id === orgId && r.month === lastMonth).length;
    const first = await t.gql<{ submitMonthlyReport: { revision: number; late: boolean } }>(
      SUBMIT,
      { o: orgId, m: lastMonth, input: report(lastMonth) },
      leader,
    );
    expect(first.errors).toBeUndefined();
    const dueDay = 10;
    const due = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), dueDay, 23, 59, 59, 999));
    expect(first.data!.submitMonthlyReport).toMatchObject({ revision: seeded + 1, late: now > due });
    const second = await t.gql<{ submitMonthlyReport: { revision: number; participants: number } }>(
      SUBMIT,
      { o: orgId, m: lastMonth, input: report(lastMonth, 150) },
      await t.as('community-officer'),
    );
    expect(second.data!.submitMonthlyReport).toMatchObject({ revision: seeded + 2, participants: 150 });
    const rows = await t
      .subgraph('street')
      .orm.em.fork()
      .execute<{ revision: number; superseded_at: Date | null }[]>(
        'select revision, superseded_at from monthly_report where organization_id = ? and month = ? order by revision',
        [orgId, lastMonth],
        'all',
      );
    // Every earlier revision is kept, superseded; only the latest is current.
    expect(rows.map((r) => [r.revision, r.superseded_at !== null])).toEqual(
      Array.from({ length: seeded + 2 }, (_, i) => [i + 1, i < seeded + 1]),
    );
    const listed = await t.gql<{ organization: { monthlyReports: { nodes: { month: string; revision: number }[] } } }>(
      'query($id: ID!) { organization(id: $id) { monthlyReports(first: 1) { nodes { month revision } } } }',
      { id: orgId },
      leader,
    );
    expect(listed.data!.organization.monthlyReports.nodes).toEqual([{ month: lastMonth, revision: seeded + 2 }]);
  });

  it('refuses a future month, bad content, other people, and an organization that is not filed', async () => {
    const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 7);
    const future = await t.gql(
      SUBMIT,
      { o: orgId, m: nextMonth, input: { ...report(nextMonth), participants: -1, activities: [] } },
      await t.as('org-leader'),
    );
    expect(future.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(
      (future.errors![0]!.extensions!.fields as { field: string; code: string }[]).map((f) => `${f.field}:${f.code}`),
    ).toEqual([
      'month:FUTURE_MONTH',
      'input.participants:OUT_OF_RANGE',
      'input.partyMembersTakingPart:OUT_OF_RANGE',
      'input.activities:COUNT',
    ]);
    expect(
      (await t.gql(SUBMIT, { o: orgId, m: lastMonth, input: report(lastMonth) }, await t.as('community-officer-2'))).errors?.[0]
        ?.extensions?.code,
    ).toBe('FORBIDDEN');
    // A dissolved or cancelled organization no longer reports: sign in as its community's officer.
    const gone = world.organizations.find((o) => o.communityId && (o.status === 'DISSOLVED' || o.status === 'CANCELLED'))!;
    const officer = {
      login: 'x',
      name: '测试',
      role: 'COMMUNITY_OFFICER' as const,
      districtId: gone.districtId,
      streetId: gone.streetId,
      communityId: gone.communityId!,
      scope: '',
    };
    const token = await signDevToken(t.auth.keys.privateJwk, demoClaims(officer));
    const refused = await t.gql(
      SUBMIT,
      { o: gone.id, m: lastMonth, input: report(lastMonth) },
      { authorization: `Bearer ${token}` },
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'POLICY_VIOLATION', rule: 'ORGANIZATION_NOT_FILED' });
  });
});

describe('inspection, evaluation, credit, awards and the archive', () => {
  it('an inspection with its evidence in one request, and the whole file from every tier', async () => {
    const INSPECT = 'mutation($input: InspectionInput!) { recordInspection(input: $input) { year result rectifyBy } }';
    const year = new Date().getUTCFullYear();
    const noDeadline = await t.gql(
      INSPECT,
      { input: { organizationId: orgId, year, result: 'FAIL', findings: '台账缺失' } },
      await t.as('district-officer'),
    );
    expect(noDeadline.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.rectifyBy', code: 'REQUIRED' }],
    });
    expect(
      (
        await t.gql(
          INSPECT,
          { input: { organizationId: orgId, year, result: 'PASS', findings: '良好' } },
          await t.as('street-officer'),
        )
      ).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    const notADay = await t.gql(
      INSPECT,
      { input: { organizationId: orgId, year, result: 'FAIL', findings: '台账缺失', rectifyBy: '2099-02-30' } },
      await t.as('district-officer'),
    );
    expect(notADay.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.rectifyBy', code: 'DATE' }],
    });
    const done = await t.gql(
      INSPECT,
      {
        input: { organizationId: orgId, year, result: 'FAIL', findings: '台账缺失,活动记录不全', rectifyBy: `${year + 1}-03-31` },
      },
      await t.as('district-officer'),
    );
    expect(done.errors).toBeUndefined();
    const twice = await t.gql(
      INSPECT,
      { input: { organizationId: orgId, year, result: 'PASS', findings: '良好' } },
      await t.as('district-officer'),
    );
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_INSPECTED' });

    const rated = await t.gql(
      'mutation($o: ID!) { recordSatisfaction(organizationId: $o, period: "' +
        year +
        '", evaluatorGroup: RESIDENT_REPRESENTATIVES, score: 88) { score } }',
      { o: orgId },
      await t.as('community-officer'),
    );
    expect(rated.errors).toBeUndefined();
    const ratedTwice = await t.gql(
      'mutation($o: ID!) { recordSatisfaction(organizationId: $o, period: "' +
        year +
        '", evaluatorGroup: RESIDENT_REPRESENTATIVES, score: 70) { score } }',
      { o: orgId },
      await t.as('community-officer'),
    );
    expect(ratedTwice.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_RATED' });
    expect(
      (
        await t.gql(
          'mutation($input: CreditEventInput!) { recordCreditEvent(input: $input) { points } }',
          { input: { organizationId: orgId, kind: 'NEGATIVE', points: 5, reason: '年检不合格' } },
          await t.as('district-officer'),
        )
      ).errors,
    ).toBeUndefined();
    const AWARD = 'mutation($input: AwardInput!) { grantAward(input: $input) { title } }';
    expect(
      (
        await t.gql(
          AWARD,
          { input: { organizationId: orgId, year: year - 1, title: '优秀文体团队' } },
          await t.as('district-officer'),
        )
      ).errors,
    ).toBeUndefined();
    expect(
      (
        await t.gql(
          AWARD,
          { input: { organizationId: orgId, year: year - 1, title: '优秀文体团队' } },
          await t.as('district-officer'),
        )
      ).errors?.[0]?.extensions,
    ).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_AWARDED' });

    const res = await t.gql<{
      organization: {
        memberCount: number;
        inspections: { year: number; result: string; rectifyBy: string | null }[];
        monthlyReports: { totalCount: number };
        satisfaction: { period: string; average: number }[];
        credit: { score: number };
        awards: { title: string }[];
        archive: { community: { kind: string }[]; street: { kind: string }[]; district: { kind: string; title: string }[] };
      };
    }>(
      `query($id: ID!) { organization(id: $id) {
        memberCount
        inspections { year result rectifyBy }
        monthlyReports(first: 12) { totalCount }
        satisfaction { period average }
        credit { score }
        awards { title }
        archive { community { kind } street { kind } district { kind title } }
      } }`,
      { id: orgId },
      await t.as('district-officer'),
    );
    expect(res.errors).toBeUndefined();
    const o = res.data!.organization;
    const seed = world.organizations.find((x) => x.id === orgId)!;
    expect(o.memberCount).toBe(seed.memberCount);
    expect(o.inspections[0]).toEqual({ year, result: 'FAIL', rectifyBy: `${year + 1}-03-31` });
    expect(o.monthlyReports.totalCount).toBe(
      oversight.monthly.filter((r) => r.organization.id === orgId && r.supersededAt === null).length,
    );
    expect(o.satisfaction[0]).toEqual({ period: String(year), average: 88 });
    const seededCredit = oversight.credit
      .filter((c) => c.organization.id === orgId)
      .reduce((s, c) => s + (c.kind === 'POSITIVE' ? c.points : -c.points), 100);
    expect(o.credit.score).toBe(seededCredit - 5);
    expect(o.awards.map((a) => a.title)).toContain('优秀文体团队');
    expect(o.archive.community.map((i) => i.kind)).toEqual(expect.arrayContaining(['FILING_MATERIALS', 'EVALUATION']));
    expect(o.archive.street.map((i) => i.kind)).toEqual(expect.arrayContaining(['CERTIFICATE']));
    expect(o.archive.district.map((i) => i.kind)).toEqual(expect.arrayContaining(['INSPECTION', 'AWARD', 'CREDIT']));

    // The archive is no back door: another community's officer is refused.
    const other = await t.gql(
      'query($id: ID!) { organization(id: $id) { archive { street { kind } } } }',
      { id: orgId },
      await t.as('community-officer-2'),
    );
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
