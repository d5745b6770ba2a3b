import { ReportDecidedByDistrict, ReportReviewedByStreet } from '@cso/contracts';
import { generateWorld } from '@cso/demo-world';
import { applyOnce, setClockOffset } from '@cso/platform';
import { randomUUID } from 'node:crypto';
import { reportConsumers } from '@cso/community';
import { TIERS } from '@cso/launcher';
import { scrape, valueOf } from './observability/prometheus.js';
import { until } from './support/filing.js';
import { startTestStack, type TestStack } from './support/stack.js';

const SIZE = 0.2;
const world = generateWorld(SIZE);
const DAY = 24 * 60 * 60 * 1000;
let t: TestStack;
let organizationId: string;

beforeAll(async () => {
  t = await startTestStack({ seedSize: SIZE });
  organizationId = t.users.find((u) => u.login === 'org-leader')!.organizationId!;
});
afterAll(async () => {
  setClockOffset(0);
  await t?.stop();
});

const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const input = (overrides: Record<string, unknown> = {}) => ({
  organizationId,
  title: '社区夏季纳凉文艺晚会',
  description: '在社区广场举办夏季纳凉文艺晚会,节目包括合唱、舞蹈和戏曲',
  kind: 'PERFORMANCE',
  plannedStart: inDays(10),
  plannedEnd: inDays(10.2),
  location: '社区文化广场',
  expectedParticipants: 300,
  safetyMeasures: '设置安全通道,安排志愿者维持秩序,准备急救药箱',
  contactName: '张桂兰',
  contactPhone: '13800138000',
  ...overrides,
});

const SUBMIT =
  'mutation($input: MajorActivityReportInput!) { submitMajorActivityReport(input: $input) { id status currentLevel round overdue } }';
const REVIEW =
  'mutation($id: ID!, $d: ReviewDecision!, $o: String!) { reviewMajorActivityReport(id: $id, decision: $d, opinion: $o) { status currentLevel } }';
const STREET =
  'mutation($id: ID!, $d: EscalationDecision!, $o: String!) { reviewEscalatedReport(reportId: $id, decision: $d, opinion: $o) { id } }';
const DISTRICT =
  'mutation($id: ID!, $d: DistrictDecision!, $o: String!, $c: String) { decideEscalatedReport(reportId: $id, decision: $d, opinion: $o, conditions: $c) { id } }';
const HEADLINE = `query($id: ID!) { majorActivityReport(id: $id) {
  title status currentLevel overdue
  organization { name certificate { number } community { name street { name district { name } } } }
  communityReview { decision opinion reviewedAt }
  streetReview { decision opinion reviewedAt }
  districtReview { decision opinion conditions reviewedAt }
  timeline { tier action at opinion }
} }`;

interface Headline {
  majorActivityReport: {
    status: string;
    currentLevel: string;
    overdue: boolean;
    organization: {
      name: string;
      certificate: { number: string } | null;
      community: { name: string; street: { name: string; district: { name: string } } };
    };
    communityReview: { decision: string } | null;
    streetReview: { decision: string; opinion: string } | null;
    districtReview: { decision: string; conditions: string | null } | null;
    timeline: { tier: string; action: string }[];
  };
}

const status = async (id: string) =>
  (await t.gql<Headline>(HEADLINE, { id }, await t.as('community-officer'))).data?.majorActivityReport.status;
async function submitted(overrides: Record<string, unknown> = {}) {
  const res = await t.gql<{ submitMajorActivityReport: { id: string; status: string } }>(
    SUBMIT,
    { input: input(overrides) },
    await t.as('org-leader'),
  );
  expect(res.errors).toBeUndefined();
  return res.data!.submitMajorActivityReport.id;
}
/** The district decides, once its own queue has the report (events reach each tier on its own queue). */
async function decide(id: string, d: string, o: string, c: string | null = null) {
  const headers = await t.as('district-officer');
  return until(
    () => t.gql(DISTRICT, { id, d, o, c }, headers),
    (r) => r.errors?.[0]?.extensions?.code !== 'NOT_FOUND',
  );
}

/** Community forwards, then the street forwards: the report waits at the district. */
async function toDistrict(id: string) {
  expect((await t.gql(REVIEW, { id, d: 'FORWARD', o: '同意上报街道' }, await t.as('community-officer'))).errors).toBeUndefined();
  await until(
    async () =>
      (await t.gql(STREET, { id, d: 'FORWARD', o: '同意上报区协会' }, await t.as('street-officer'))).errors?.[0]?.extensions
        ?.code,
    (c) => c === undefined,
  );
  await until(
    () => status(id),
    (s) => s === 'AT_DISTRICT',
  );
}

describe('major-activity reports escalate community → street → district', () => {
  it('the headline asks the street subgraph its three sibling questions in one request: 4 fetches, not 6', async () => {
    const fetches = async () => {
      const { samples } = await scrape(t.stack.gateway.metricsUrl!);
      return Object.fromEntries(
        TIERS.map((subgraph) => [
          subgraph,
          valueOf(samples, 'cso_gateway_subgraph_fetch_duration_seconds_count', { subgraph, outcome: 'ok' }),
        ]),
      );
    };
    const queue = await t.gql<{ majorActivityReports: { nodes: { id: string }[] } }>(
      '{ majorActivityReports(filter: { status: APPROVED }, first: 1) { nodes { id } } }',
      {},
      await t.as('district-officer'),
    );
    const before = await fetches();
    const res = await t.gql<Headline>(
      HEADLINE,
      { id: queue.data!.majorActivityReports.nodes[0]!.id },
      await t.as('district-officer'),
    );
    const after = await fetches();
    expect(res.errors).toBeUndefined();
    // Each sibling's answer is back in its place: the street's review, the certificate and the street's name.
    const report = res.data!.majorActivityReport;
    expect(report.streetReview).toMatchObject({ decision: 'FORWARD' });
    expect(report.organization.certificate?.number).toEqual(expect.any(String));
    expect(report.organization.community.street.name).toEqual(expect.any(String));
    expect(report.organization.community.street.district.name).toEqual(expect.any(String));
    expect(Object.fromEntries(TIERS.map((x) => [x, after[x]! - before[x]!]))).toEqual({ community: 1, street: 1, district: 2 });
  });

  it('the seeded district has reports at every level and in every status, each review from its own tier', async () => {
    const rows = await t
      .subgraph('community')
      .orm.em.fork()
      .execute<{ status: string; current_level: string }[]>(
        'select distinct status, current_level from major_activity_report',
        [],
        'all',
      );
    expect(new Set(rows.map((r) => r.status))).toEqual(
      new Set(['SUBMITTED', 'AT_STREET', 'AT_DISTRICT', 'RETURNED', 'APPROVED', 'REJECTED', 'WITHDRAWN']),
    );
    expect(new Set(rows.map((r) => r.current_level))).toEqual(new Set(['COMMUNITY', 'STREET', 'DISTRICT']));
    const queue = await t.gql<{ majorActivityReports: { nodes: { id: string; status: string; overdue: boolean }[] } }>(
      '{ majorActivityReports(filter: { status: APPROVED }, first: 5) { nodes { id status overdue } } }',
      {},
      await t.as('district-officer'),
    );
    const approved = queue.data!.majorActivityReports.nodes[0]!;
    const res = await t.gql<Headline>(HEADLINE, { id: approved.id }, await t.as('district-officer'));
    expect(res.errors).toBeUndefined();
    expect(res.data!.majorActivityReport).toMatchObject({
      status: 'APPROVED',
      communityReview: { decision: 'FORWARD' },
      streetReview: { decision: 'FORWARD' },
      districtReview: { decision: 'APPROVE', conditions: '活动须于21时前结束' },
    });
    const overdue = await t.gql<{ majorActivityReports: { nodes: { currentLevel: string }[] } }>(
      '{ majorActivityReports(filter: { overdue: true }, first: 50) { nodes { currentLevel } } }',
      {},
      await t.as('district-officer'),
    );
    expect(new Set(overdue.data!.majorActivityReports.nodes.map((n) => n.currentLevel))).toEqual(new Set(['STREET', 'DISTRICT']));
  });

  it('refuses a report too close to its date, or for an organization that is not filed; nothing is stored', async () => {
    const before = Number(
      (
        await t
          .subgraph('community')
          .orm.em.fork()
          .execute<{ n: string }[]>('select count(*) as n from major_activity_report', [], 'all')
      )[0]!.n,
    );
    const late = await t.gql(
      SUBMIT,
      { input: input({ plannedStart: inDays(3), plannedEnd: inDays(3.1) }) },
      await t.as('org-leader'),
    );
    expect(late.errors?.[0]?.extensions).toMatchObject({
      code: 'POLICY_VIOLATION',
      rule: 'LEAD_TIME',
      fields: [{ field: 'input.plannedStart' }],
    });
    const applying = world.organizations.find(
      (o) => o.communityId === t.users.find((u) => u.login === 'community-officer')!.communityId && o.status !== 'FILED',
    )!;
    const notFiled = await t.gql(SUBMIT, { input: input({ organizationId: applying.id }) }, await t.as('community-officer'));
    expect(notFiled.errors?.[0]?.extensions).toMatchObject({ code: 'POLICY_VIOLATION', rule: 'ORGANIZATION_NOT_FILED' });
    const bad = await t.gql(
      SUBMIT,
      { input: input({ title: '短', expectedParticipants: 0, plannedEnd: inDays(9) }) },
      await t.as('org-leader'),
    );
    expect((bad.errors?.[0]?.extensions?.fields as { field: string }[]).map((f) => f.field)).toEqual([
      'input.title',
      'input.expectedParticipants',
      'input.plannedEnd',
    ]);
    const other = await t.gql(SUBMIT, { input: input() }, await t.as('community-officer-2'));
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const after = Number(
      (
        await t
          .subgraph('community')
          .orm.em.fork()
          .execute<{ n: string }[]>('select count(*) as n from major_activity_report', [], 'all')
      )[0]!.n,
    );
    expect(after).toBe(before);
  });

  it('a return at the street and a resubmission, then approval with conditions: the headline query shows the whole chain', async () => {
    const id = await submitted();
    // Not yet forwarded: the street does not see it.
    expect((await t.gql(HEADLINE, { id }, await t.as('street-officer'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(
      (await t.gql(REVIEW, { id, d: 'FORWARD', o: '同意上报街道' }, await t.as('community-officer'))).errors,
    ).toBeUndefined();
    await until(
      async () => (await t.gql(HEADLINE, { id }, await t.as('street-officer'))).errors,
      (e) => e === undefined,
    );

    // Another street neither sees nor reviews it.
    expect((await t.gql(HEADLINE, { id }, await t.as('street-officer-2'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const theirs = await t.gql<{ majorActivityReports: { nodes: { id: string }[] } }>(
      '{ majorActivityReports(first: 100) { nodes { id } } }',
      {},
      await t.as('street-officer-2'),
    );
    expect(theirs.data!.majorActivityReports.nodes.map((n) => n.id)).not.toContain(id);
    // Once the street has received it (the event travels through the bus), the other street is refused.
    await until(
      async () =>
        (await t.gql(STREET, { id, d: 'FORWARD', o: '同意' }, await t.as('street-officer-2'))).errors?.[0]?.extensions?.code,
      (c) => c === 'FORBIDDEN',
    );

    await until(
      async () =>
        (await t.gql(STREET, { id, d: 'RETURN', o: '请补充应急疏散预案' }, await t.as('street-officer'))).errors?.[0]?.extensions
          ?.code,
      (c) => c === undefined,
    );
    expect(
      (await t.gql(STREET, { id, d: 'FORWARD', o: '同意' }, await t.as('street-officer'))).errors?.[0]?.extensions,
    ).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_REVIEWED' });
    await until(
      () => status(id),
      (s) => s === 'RETURNED',
    );

    const resubmitted = await t.gql<{ resubmitMajorActivityReport: { status: string; round: number } }>(
      'mutation($id: ID!, $r: MajorActivityReportRevision!) { resubmitMajorActivityReport(id: $id, revision: $r) { status round } }',
      { id, r: { note: '已补充应急疏散预案', safetyMeasures: '设置安全通道和应急疏散预案,安排志愿者维持秩序,准备急救药箱' } },
      await t.as('org-leader'),
    );
    expect(resubmitted.data!.resubmitMajorActivityReport).toEqual({ status: 'SUBMITTED', round: 2 });
    // The street's review belonged to round 1: round 2 has none yet.
    const fresh = await t.gql<Headline>(HEADLINE, { id }, await t.as('community-officer'));
    expect(fresh.data!.majorActivityReport).toMatchObject({ communityReview: null, streetReview: null, districtReview: null });
    await toDistrict(id);
    const approved = await decide(id, 'APPROVE', '同意举办', '活动须于21时前结束');
    expect(approved.errors).toBeUndefined();
    expect(
      (await t.gql(DISTRICT, { id, d: 'REJECT', o: '不同意' }, await t.as('district-officer'))).errors?.[0]?.extensions,
    ).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_DECIDED' });
    await until(
      () => status(id),
      (s) => s === 'APPROVED',
    );

    const res = await t.gql<Headline>(HEADLINE, { id }, await t.as('district-officer'));
    expect(res.errors).toBeUndefined();
    const r = res.data!.majorActivityReport;
    const org = world.organizations.find((o) => o.id === organizationId)!;
    expect(r).toMatchObject({
      status: 'APPROVED',
      currentLevel: 'DISTRICT',
      overdue: false,
      organization: { name: org.name, community: { street: { district: { name: world.districts[0]!.name } } } },
      communityReview: { decision: 'FORWARD' },
      streetReview: { decision: 'FORWARD', opinion: '同意上报区协会' },
      districtReview: { decision: 'APPROVE', conditions: '活动须于21时前结束' },
    });
    expect(r.organization.certificate?.number).toMatch(/-\d{4}-\d{4}$/);
    expect(r.timeline.map((s) => `${s.tier}:${s.action}`)).toEqual([
      'organization:SUBMITTED',
      'community:FORWARDED',
      'street:RETURNED',
      'organization:RESUBMITTED',
      'community:FORWARDED',
      'street:FORWARDED',
      'district:APPROVED',
    ]);
  });

  it('events that arrive out of order (the district’s decision before the street’s forward) still give the whole chain', async () => {
    const id = await submitted({ title: '社区消夏电影放映活动' });
    expect(
      (await t.gql(REVIEW, { id, d: 'FORWARD', o: '同意上报街道' }, await t.as('community-officer'))).errors,
    ).toBeUndefined();
    const community = t.subgraph('community');
    const apply = (type: string, payload: Record<string, unknown>) =>
      applyOnce(
        community.orm,
        'community',
        reportConsumers.find((c) => c.contract.type === type)!,
        { id: randomUUID(), type, version: 1, producer: 'test', occurredAt: new Date().toISOString(), payload },
        community.log,
      );
    const at = new Date();
    await apply(ReportDecidedByDistrict.type, {
      reportId: id,
      round: 1,
      decision: 'APPROVE',
      opinion: '同意',
      conditions: null,
      deciderName: '区协会',
      at: new Date(at.getTime() + 1000).toISOString(),
    });
    const seed = world.organizations.find((o) => o.id === organizationId)!;
    await apply(ReportReviewedByStreet.type, {
      reportId: id,
      round: 1,
      organizationId,
      communityId: seed.communityId,
      streetId: seed.streetId,
      districtId: seed.districtId,
      organizationName: seed.name,
      title: '社区消夏电影放映活动',
      plannedStart: inDays(10),
      decision: 'FORWARD',
      opinion: '同意上报区协会',
      reviewerName: '街道分会',
      at: at.toISOString(),
      dueAt: inDays(2),
    });
    const res = await t.gql<Headline>(HEADLINE, { id }, await t.as('district-officer'));
    expect(res.errors).toBeUndefined();
    expect(res.data!.majorActivityReport.status).toBe('APPROVED');
    expect(res.data!.majorActivityReport.timeline.map((s) => `${s.tier}:${s.action}`)).toEqual([
      'organization:SUBMITTED',
      'community:FORWARDED',
      'street:FORWARDED',
      'district:APPROVED',
    ]);
  });

  it('a report still at the community can be withdrawn, once', async () => {
    const id = await submitted({ title: '社区端午包粽子活动' });
    const WITHDRAW = 'mutation($id: ID!) { withdrawMajorActivityReport(id: $id) { status } }';
    expect((await t.gql(WITHDRAW, { id }, await t.as('community-officer-2'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const done = await t.gql<{ withdrawMajorActivityReport: { status: string } }>(WITHDRAW, { id }, await t.as('org-leader'));
    expect(done.data!.withdrawMajorActivityReport.status).toBe('WITHDRAWN');
    expect((await t.gql(WITHDRAW, { id }, await t.as('org-leader'))).errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'NOT_WITHDRAWABLE',
    });
    expect(
      (await t.gql(REVIEW, { id, d: 'FORWARD', o: '同意' }, await t.as('community-officer'))).errors?.[0]?.extensions,
    ).toMatchObject({ code: 'CONFLICT', reason: 'NOT_AT_YOUR_LEVEL' });
  });

  it('a rejection at the district ends the chain', async () => {
    const id = await submitted({ title: '社区居民外出踏青活动', kind: 'OUTING' });
    await toDistrict(id);
    expect((await decide(id, 'REJECT', '外出路线存在安全隐患')).errors).toBeUndefined();
    await until(
      () => status(id),
      (s) => s === 'REJECTED',
    );
    const withConditions = await t.gql(DISTRICT, { id, d: 'REJECT', o: '不同意', c: '条件' }, await t.as('district-officer'));
    expect(withConditions.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('a report left unanswered past the response days is overdue, and the level above sees it', async () => {
    const id = await submitted({ title: '社区重阳节敬老活动' });
    const OVERDUE = '{ majorActivityReports(filter: { overdue: true }, first: 100) { nodes { id overdue currentLevel } } }';
    const street = async () =>
      (
        await t.gql<{ majorActivityReports: { nodes: { id: string; overdue: boolean }[] } }>(
          OVERDUE,
          {},
          await t.as('street-officer'),
        )
      ).data!.majorActivityReports.nodes;
    expect((await street()).map((n) => n.id)).not.toContain(id);
    setClockOffset(3 * DAY);
    try {
      const seen = await street();
      expect(seen.find((n) => n.id === id)).toEqual({ id, overdue: true, currentLevel: 'COMMUNITY' });
      expect((await t.gql<Headline>(HEADLINE, { id }, await t.as('street-officer'))).data!.majorActivityReport.overdue).toBe(
        true,
      );
    } finally {
      setClockOffset(0);
    }
    expect((await t.gql<Headline>(HEADLINE, { id }, await t.as('community-officer'))).data!.majorActivityReport.overdue).toBe(
      false,
    );
  });
});
