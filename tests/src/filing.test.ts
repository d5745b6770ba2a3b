import { filingPlanOf, generateWorld } from '@cso/demo-world';
import { DECIDE, REVIEW, SUBMIT, filingInput, roster, streetStage, submitAndForward, until } from './support/filing.js';
import { startTestStack, type TestStack } from './support/stack.js';

const SIZE = 0.2;
const world = generateWorld(SIZE);
const plan = filingPlanOf(world);
let t: TestStack;
let communityId: string;
let districtId: string;

beforeAll(async () => {
  t = await startTestStack({ seedSize: SIZE, overrides: { JOB_INTERVAL_MS: 200 } });
  communityId = t.users.find((u) => u.login === 'community-officer')!.communityId!;
  districtId = world.districts[0]!.id;
});
afterAll(() => t?.stop());

const sql = async <T extends object[]>(tier: 'district' | 'street' | 'community', query: string, params: unknown[] = []) =>
  t.subgraph(tier).orm.em.fork().execute<T>(query, params, 'all');
const count = async (tier: 'district' | 'street' | 'community', table: string) =>
  Number((await sql<{ n: string }[]>(tier, `select count(*) as n from ${table}`))[0]!.n);

const VIEW = `query($id: ID!) { filingApplication(id: $id) {
  id kind status round charter
  organization { id name status certificate { number issuedAt voidedAt } }
  communityReview { decision opinion reviewedAt }
  streetDecision { stage decision opinion decidedAt }
  notice { startsAt endsAt isOpen objections { content status resolution contactName contactPhone } }
  certificate { number voidedAt }
  history { tier action opinion at }
} }`;

interface View {
  filingApplication: {
    status: string;
    round: number;
    organization: { status: string; certificate: { number: string; voidedAt: string | null } | null };
    communityReview: { decision: string } | null;
    streetDecision: { stage: string; decision: string | null } | null;
    notice: { isOpen: boolean; objections: { status: string; contactName: string | null; contactPhone: string | null }[] } | null;
    certificate: { number: string; voidedAt: string | null } | null;
    history: { tier: string; action: string }[];
  };
}
const view = async (id: string, login = 'community-officer') => t.gql<View>(VIEW, { id }, await t.as(login));
const orgStatus = async (organizationId: string) =>
  (
    await t.gql<{ organization: { status: string } }>(
      'query($id: ID!) { organization(id: $id) { status } }',
      { id: organizationId },
      await t.as('district-officer'),
    )
  ).data?.organization.status;

async function setPolicies(input: Record<string, number>) {
  const res = await t.gql<{ updatePolicies: { revision: number } }>(
    'mutation($d: ID!, $input: PoliciesInput!) { updatePolicies(districtId: $d, input: $input) { revision } }',
    { d: districtId, input },
    await t.as('district-officer'),
  );
  expect(res.errors).toBeUndefined();
  const revision = res.data!.updatePolicies.revision;
  for (const tier of ['street', 'community'] as const) {
    await until(
      async () =>
        (await sql<{ revision: number }[]>(tier, 'select revision from received_policy where district_id = ?', [districtId]))[0]
          ?.revision,
      (r) => r === revision,
    );
  }
}

describe('seeded filings', () => {
  it('every filed organization has its certificate and a completed filing; each tier has work waiting', async () => {
    const filed = world.organizations.filter((o) => o.status === 'FILED' || o.status === 'DISSOLVING');
    const valid = await sql<{ organization_id: string; number: string }[]>(
      'street',
      'select organization_id, number from certificate where voided_at is null',
    );
    expect(new Set(valid.map((c) => c.organization_id))).toEqual(new Set(filed.map((o) => o.id)));
    expect(valid.every((c) => /^[A-Z0-9]+-\d{4}-\d{4}$/.test(c.number))).toBe(true);

    const res = await t.gql<{
      organizations: {
        nodes: { certificate: { number: string } | null; filing: { streetDecision: { stage: string } } | null }[];
      };
    }>(
      '{ organizations(filter: { status: FILED }, first: 50) { nodes { certificate { number } filing { streetDecision { stage } } } } }',
      {},
      await t.as('district-officer'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.organizations.nodes.every((o) => o.certificate?.number && o.filing?.streetDecision.stage)).toBe(true);

    const communityQueue = await t.gql<{ filingApplications: { totalCount: number } }>(
      '{ filingApplications(filter: { status: SUBMITTED }) { totalCount } }',
      {},
      await t.as('community-officer'),
    );
    expect(communityQueue.data!.filingApplications.totalCount).toBeGreaterThan(0);
    const streetQueue = await t.gql<{ forwardedFilings: { totalCount: number } }>(
      '{ forwardedFilings(filter: { stage: PENDING }) { totalCount } }',
      {},
      await t.as('street-officer'),
    );
    expect(streetQueue.data!.forwardedFilings.totalCount).toBe(
      plan.filings.filter(
        (f) =>
          f.streetStage === 'PENDING' && f.organization.streetId === t.users.find((u) => u.login === 'street-officer')!.streetId,
      ).length,
    );
    const notices = await t.gql<{ publicNotices: { totalCount: number; nodes: { objections: { status: string }[] }[] } }>(
      '{ publicNotices(first: 100) { totalCount nodes { objections { status } } } }',
    );
    expect(notices.errors).toBeUndefined();
    expect(notices.data!.publicNotices.totalCount).toBe(plan.filings.filter((f) => f.streetStage === 'NOTICE').length);
    const objections = notices.data!.publicNotices.nodes.map((n) => n.objections.map((o) => o.status).join(','));
    expect(objections).toEqual(expect.arrayContaining(['', 'PENDING']));
    // The seeded history lies in the past, in every tier.
    expect(await sql<object[]>('community', 'select 1 from filing_step where at > now()')).toEqual([]);
    expect(
      await sql<object[]>(
        'street',
        'select 1 from objection where lodged_at > now() or resolved_at > now() union all select 1 from street_filing where decided_at > now()',
      ),
    ).toEqual([]);
  });

  it('analysts see filings without personal data; other officers see it masked', async () => {
    const QUERY = '{ filingApplications(first: 20) { nodes { applicantName applicantPhone } } }';
    const analyst = await t.gql<{
      filingApplications: { nodes: { applicantName: string | null; applicantPhone: string | null }[] };
    }>(QUERY, {}, await t.as('analyst'));
    expect(analyst.errors).toBeUndefined();
    expect(analyst.data!.filingApplications.nodes.length).toBeGreaterThan(0);
    expect(analyst.data!.filingApplications.nodes.every((n) => n.applicantName === null && n.applicantPhone === null)).toBe(true);
    const district = await t.gql<{ filingApplications: { nodes: { applicantName: string; applicantPhone: string | null }[] } }>(
      QUERY,
      {},
      await t.as('district-officer'),
    );
    expect(
      district.data!.filingApplications.nodes.every(
        (n) => n.applicantName.includes('*') && (n.applicantPhone === null || n.applicantPhone.includes('****')),
      ),
    ).toBe(true);
  });
});

describe('the lifecycle of a new filing, through the gateway', () => {
  let filingId: string;
  let organizationId: string;

  it('the community officer submits; a return for correction and a resubmission keep the history', async () => {
    const officer = await t.as('community-officer');
    const res = await t.gql<{
      submitFiling: { id: string; status: string; round: number; organization: { id: string; status: string } };
    }>(SUBMIT, { input: filingInput(communityId, '测试夕阳红合唱团') }, officer);
    expect(res.errors).toBeUndefined();
    expect(res.data!.submitFiling).toMatchObject({ status: 'SUBMITTED', round: 1, organization: { status: 'APPLYING' } });
    filingId = res.data!.submitFiling.id;
    organizationId = res.data!.submitFiling.organization.id;

    for (const login of ['community-officer-2', 'street-officer', 'org-leader']) {
      const refused = await t.gql(REVIEW, { id: filingId, d: 'FORWARD', o: '同意' }, await t.as(login));
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const returned = await t.gql<{ reviewFiling: { status: string } }>(
      REVIEW,
      { id: filingId, d: 'RETURN', o: '活动时间与章程不一致,请补正' },
      officer,
    );
    expect(returned.data?.reviewFiling.status).toBe('RETURNED');
    const again = await t.gql(REVIEW, { id: filingId, d: 'FORWARD', o: '同意' }, officer);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_AWAITING_REVIEW' });

    const resubmitted = await t.gql<{ resubmitFiling: { status: string; round: number } }>(
      'mutation($id: ID!, $c: FilingCorrectionInput!) { resubmitFiling(id: $id, correction: $c) { status round } }',
      { id: filingId, c: { note: '已统一活动时间', activitySchedule: '每周二上午' } },
      officer,
    );
    expect(resubmitted.errors).toBeUndefined();
    expect(resubmitted.data!.resubmitFiling).toEqual({ status: 'SUBMITTED', round: 2 });
  });

  it('forwarded, it reaches street-officer’s queue and not street-officer-2’s', async () => {
    const forwarded = await t.gql<{ reviewFiling: { status: string } }>(
      REVIEW,
      { id: filingId, d: 'FORWARD', o: '材料齐全,同意报街道' },
      await t.as('community-officer'),
    );
    expect(forwarded.data?.reviewFiling.status).toBe('FORWARDED');
    const QUEUE = '{ forwardedFilings(filter: { stage: PENDING }, first: 100) { nodes { id organization { name } } } }';
    const mine = await until(
      async () =>
        (
          await t.gql<{ forwardedFilings: { nodes: { id: string; organization: { name: string } }[] } }>(
            QUEUE,
            {},
            await t.as('street-officer'),
          )
        ).data!.forwardedFilings.nodes,
      (nodes) => nodes.some((n) => n.id === filingId),
    );
    expect(mine.find((n) => n.id === filingId)!.organization.name).toBe('测试夕阳红合唱团');
    const theirs = await t.gql<{ forwardedFilings: { nodes: { id: string }[] } }>(QUEUE, {}, await t.as('street-officer-2'));
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data!.forwardedFilings.nodes.map((n) => n.id)).not.toContain(filingId);
  });

  it('the street approves; the notice is public; objections are lodged, dismissed and upheld', async () => {
    const refused = await t.gql(DECIDE, { id: filingId, d: 'APPROVE', o: '同意' }, await t.as('street-officer-2'));
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const approved = await t.gql<{ decideFiling: { streetDecision: { stage: string }; notice: { isOpen: boolean } } }>(
      DECIDE,
      { id: filingId, d: 'APPROVE', o: '同意,予以公示' },
      await t.as('street-officer'),
    );
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.decideFiling).toMatchObject({ streetDecision: { stage: 'NOTICE' }, notice: { isOpen: true } });
    const twice = await t.gql(DECIDE, { id: filingId, d: 'REJECT', o: '不同意' }, await t.as('street-officer'));
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_DECIDED' });
    await until(
      () => orgStatus(organizationId),
      (s) => s === 'PUBLIC_NOTICE',
    );

    // Anyone reads the notice and may object, without a token.
    const notice = await t.gql<{ publicNotice: { organizationName: string; isOpen: boolean; street: { name: string } } }>(
      'query($id: ID!) { publicNotice(id: $id) { organizationName isOpen street { name } } }',
      { id: filingId },
    );
    expect(notice.errors).toBeUndefined();
    expect(notice.data!.publicNotice).toMatchObject({ organizationName: '测试夕阳红合唱团', isOpen: true });
    const LODGE =
      'mutation($n: ID!, $input: ObjectionInput!) { lodgeObjection(noticeId: $n, input: $input) { id status contactName contactPhone } }';
    const first = await t.gql<{ lodgeObjection: { id: string; status: string; contactName: string; contactPhone: string } }>(
      LODGE,
      { n: filingId, input: { content: '活动时间可能影响楼上住户休息', contactName: '刘明', contactPhone: '13700001111' } },
    );
    expect(first.errors).toBeUndefined();
    expect(first.data!.lodgeObjection).toMatchObject({ status: 'PENDING', contactName: null, contactPhone: null });
    const bad = await t.gql(LODGE, { n: filingId, input: { content: '短', contactName: 'x', contactPhone: '123' } });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((bad.errors![0]!.extensions!.fields as { field: string }[]).map((f) => f.field)).toEqual([
      'input.content',
      'input.contactName',
      'input.contactPhone',
    ]);

    const RESOLVE =
      'mutation($id: ID!, $d: ObjectionDecision!, $o: String!) { resolveObjection(id: $id, decision: $d, opinion: $o) { status resolution contactName } }';
    const otherStreet = await t.gql(
      RESOLVE,
      { id: first.data!.lodgeObjection.id, d: 'UPHOLD', o: '异议成立' },
      await t.as('street-officer-2'),
    );
    expect(otherStreet.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const dismissed = await t.gql<{ resolveObjection: { status: string; contactName: string } }>(
      RESOLVE,
      { id: first.data!.lodgeObjection.id, d: 'DISMISS', o: '活动安排在白天,异议不成立' },
      await t.as('street-officer'),
    );
    expect(dismissed.data!.resolveObjection).toEqual({
      status: 'DISMISSED',
      resolution: '活动安排在白天,异议不成立',
      contactName: '刘明',
    });
    const second = await t.gql<{ lodgeObjection: { id: string } }>(LODGE, {
      n: filingId,
      input: { content: '负责人并非本社区居民,情况不实', contactName: '陈红', contactPhone: '13700002222' },
    });
    const upheld = await t.gql<{ resolveObjection: { status: string } }>(
      RESOLVE,
      { id: second.data!.lodgeObjection.id, d: 'UPHOLD', o: '经核实,负责人信息不实' },
      await t.as('street-officer'),
    );
    expect(upheld.data!.resolveObjection.status).toBe('UPHELD');
    await until(
      () => orgStatus(organizationId),
      (s) => s === 'REJECTED',
    );

    const third = await t.gql(LODGE, {
      n: filingId,
      input: { content: '再次提出异议,请核实情况', contactName: '陈红', contactPhone: '13700002222' },
    });
    expect(third.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOTICE_CLOSED' });

    // One request shows every tier's part.
    const all = await view(filingId);
    expect(all.errors).toBeUndefined();
    const f = all.data!.filingApplication;
    expect(f).toMatchObject({
      status: 'REJECTED',
      round: 2,
      communityReview: { decision: 'FORWARD' },
      streetDecision: { stage: 'OBJECTION_UPHELD', decision: 'APPROVE' },
      certificate: null,
    });
    expect(f.notice!.objections.map((o) => o.status)).toEqual(['DISMISSED', 'UPHELD']);
    // The community officer is not the street: contact details are withheld.
    expect(f.notice!.objections[0]!.contactName).toBeNull();
    expect(f.history.map((h) => `${h.tier}:${h.action}`)).toEqual([
      'community:SUBMITTED',
      'community:RETURNED',
      'community:RESUBMITTED',
      'community:FORWARDED',
      'street:NOTICE_OPENED',
      'street:OBJECTION_UPHELD',
    ]);
  });

  it('with public-notice days set to 0 a certificate is issued within seconds; the organization reads FILED', async () => {
    await setPolicies({ publicNoticeDays: 0 });
    const { id, organizationId: orgId } = await submitAndForward(t, communityId, '测试志愿服务队');
    await until(
      () => streetStage(t, id),
      (s) => s === 'PENDING',
    );
    const approved = await t.gql(DECIDE, { id, d: 'APPROVE', o: '同意' }, await t.as('street-officer'));
    expect(approved.errors).toBeUndefined();
    await until(
      () => orgStatus(orgId),
      (s) => s === 'FILED',
      15_000,
    );
    const res = await view(id);
    const f = res.data!.filingApplication;
    expect(f.status).toBe('COMPLETED');
    const streetCode = world.streets.find((s) => s.id === t.users.find((u) => u.login === 'street-officer')!.streetId)!.code;
    expect(f.organization.certificate!.number).toMatch(new RegExp(`^${streetCode}-${new Date().getUTCFullYear()}-\\d{4}$`));
    expect(f.certificate).toEqual(f.organization.certificate && { number: f.organization.certificate.number, voidedAt: null });
    expect(f.history.map((h) => h.action).slice(-2)).toEqual(['NOTICE_OPENED', 'COMPLETED']);
    // The district's register follows the street's events.
    await until(
      async () =>
        (
          await sql<{ status: string }[]>('district', 'select status from filed_organization where organization_id = ?', [orgId])
        )[0]?.status,
      (s) => s === 'FILED',
    );

    // 变更备案: the same path; the filed record takes the change, the certificate stays.
    const change = await t.gql<{ submitChangeFiling: { id: string; status: string } }>(
      'mutation($o: ID!, $input: ChangeFilingInput!) { submitChangeFiling(organizationId: $o, input: $input) { id status } }',
      { o: orgId, input: { activitySchedule: '每周六上午', reason: '活动时间调整' } },
      await t.as('community-officer'),
    );
    expect(change.errors).toBeUndefined();
    const busy = await t.gql(
      'mutation($o: ID!, $input: DissolutionInput!) { submitDissolution(organizationId: $o, input: $input) { id } }',
      { o: orgId, input: { reason: '成员减少', meetingDate: '2026-03-01', membersPresent: 10, votesFor: 10 } },
      await t.as('community-officer'),
    );
    expect(busy.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'FILING_IN_PROGRESS' });
    const changeId = change.data!.submitChangeFiling.id;
    await t.gql(REVIEW, { id: changeId, d: 'FORWARD', o: '同意' }, await t.as('community-officer'));
    await until(
      () => streetStage(t, changeId),
      (s) => s === 'PENDING',
    );
    await t.gql(DECIDE, { id: changeId, d: 'APPROVE', o: '同意变更' }, await t.as('street-officer'));
    await until(
      () => streetStage(t, changeId),
      (s) => s === 'COMPLETED',
    );
    const changed = await until(
      async () =>
        (
          await t.gql<{ organization: { activitySchedule: string; certificate: { number: string } } }>(
            'query($id: ID!) { organization(id: $id) { activitySchedule certificate { number } } }',
            { id: orgId },
            await t.as('community-officer'),
          )
        ).data!.organization,
      (o) => o.activitySchedule === '每周六上午',
    );
    expect(changed.certificate.number).toBe(f.organization.certificate!.number);

    // 注销备案: the vote is checked; the certificate is voided.
    const DISSOLVE =
      'mutation($o: ID!, $input: DissolutionInput!) { submitDissolution(organizationId: $o, input: $input) { id status organization { status } } }';
    const noQuorum = await t.gql(
      DISSOLVE,
      { o: orgId, input: { reason: '成员减少', meetingDate: '2026-03-01', membersPresent: 5, votesFor: 5 } },
      await t.as('community-officer'),
    );
    expect(noQuorum.errors?.[0]?.extensions).toMatchObject({ code: 'POLICY_VIOLATION', rule: 'MEETING_QUORUM' });
    const dissolution = await t.gql<{ submitDissolution: { id: string; organization: { status: string } } }>(
      DISSOLVE,
      { o: orgId, input: { reason: '成员减少,无法继续活动', meetingDate: '2026-03-01', membersPresent: 9, votesFor: 8 } },
      await t.as('community-officer'),
    );
    expect(dissolution.errors).toBeUndefined();
    expect(dissolution.data!.submitDissolution.organization.status).toBe('DISSOLVING');
    const dissolutionId = dissolution.data!.submitDissolution.id;
    await t.gql(REVIEW, { id: dissolutionId, d: 'FORWARD', o: '同意' }, await t.as('community-officer'));
    await until(
      () => streetStage(t, dissolutionId),
      (s) => s === 'PENDING',
    );
    await t.gql(DECIDE, { id: dissolutionId, d: 'APPROVE', o: '同意注销' }, await t.as('street-officer'));
    await until(
      () => orgStatus(orgId),
      (s) => s === 'DISSOLVED',
    );
    const voided = await view(dissolutionId);
    expect(voided.data!.filingApplication.certificate!.voidedAt).not.toBeNull();
    await setPolicies({ publicNoticeDays: 7 });
  });
});

describe('a change of leader', () => {
  it('is applied when the change filing completes; the member it names cannot be removed meanwhile', async () => {
    await setPolicies({ publicNoticeDays: 0 });
    try {
      const orgId = t.users.find((u) => u.login === 'org-leader')!.organizationId!;
      const ROSTER = 'query($id: ID!) { organization(id: $id) { leader { id } members(first: 20) { nodes { id role } } } }';
      const roster = async () =>
        (
          await t.gql<{ organization: { leader: { id: string }; members: { nodes: { id: string; role: string }[] } } }>(
            ROSTER,
            { id: orgId },
            await t.as('community-officer'),
          )
        ).data!.organization;
      const next = (await roster()).members.nodes.find((m) => m.role === 'MEMBER')!;
      const change = await t.gql<{ submitChangeFiling: { id: string } }>(
        'mutation($o: ID!, $input: ChangeFilingInput!) { submitChangeFiling(organizationId: $o, input: $input) { id } }',
        { o: orgId, input: { leaderMemberId: next.id, reason: '负责人换届' } },
        await t.as('org-leader'),
      );
      expect(change.errors).toBeUndefined();
      const removal = await t.gql(
        'mutation($m: ID!) { removeMember(memberId: $m) }',
        { m: next.id },
        await t.as('community-officer'),
      );
      expect(removal.errors?.[0]?.extensions).toMatchObject({ code: 'POLICY_VIOLATION', rule: 'MEMBER_IN_OPEN_FILING' });
      const id = change.data!.submitChangeFiling.id;
      expect((await t.gql(REVIEW, { id, d: 'FORWARD', o: '同意' }, await t.as('community-officer'))).errors).toBeUndefined();
      await until(
        () => streetStage(t, id),
        (s) => s === 'PENDING',
      );
      expect(
        (await t.gql(DECIDE, { id, d: 'APPROVE', o: '同意变更负责人' }, await t.as('street-officer'))).errors,
      ).toBeUndefined();
      const after = await until(roster, (o) => o.leader.id === next.id);
      expect(after.members.nodes.filter((m) => m.role === 'LEADER').map((m) => m.id)).toEqual([next.id]);
    } finally {
      await setPolicies({ publicNoticeDays: 7 });
    }
  });
});

describe('the district cancels filings and blacklists leaders', () => {
  it('cancelFiling voids the certificate and the community marks the organization CANCELLED', async () => {
    const target = world.organizations.find((o) => o.status === 'FILED' && o.streetId === world.streets[1]!.id)!;
    const CANCEL = 'mutation($o: ID!, $r: String!) { cancelFiling(organizationId: $o, reason: $r) { reason cancelledAt } }';
    const refused = await t.gql(CANCEL, { o: target.id, r: '长期不开展活动' }, await t.as('street-officer'));
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const shortReason = await t.gql(CANCEL, { o: target.id, r: '违规' }, await t.as('district-officer'));
    expect(shortReason.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'reason', code: 'LENGTH' }],
    });
    const done = await t.gql(CANCEL, { o: target.id, r: '违反法律法规开展活动,取消备案资格' }, await t.as('district-officer'));
    expect(done.errors).toBeUndefined();
    await until(
      () => orgStatus(target.id),
      (s) => s === 'CANCELLED',
    );
    const cert = await until(
      async () =>
        (
          await t.gql<{ organization: { certificate: { voidedAt: string | null; voidReason: string | null } } }>(
            'query($id: ID!) { organization(id: $id) { certificate { voidedAt voidReason } } }',
            { id: target.id },
            await t.as('district-officer'),
          )
        ).data!.organization.certificate,
      (c) => c.voidedAt !== null,
    );
    expect(cert.voidReason).toContain('取消备案资格');
    const twice = await t.gql(CANCEL, { o: target.id, r: '违反法律法规开展活动,取消备案资格' }, await t.as('district-officer'));
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_CANCELLED' });
  });

  it('a blacklisted leader is refused at submission; bad input names every field and rule; nothing is stored', async () => {
    const members = roster(10, { seed: 3 });
    const leader = members[0]!;
    const listed = await t.gql(
      'mutation($input: BlacklistInput!) { blacklistLeader(input: $input) { idNumber } }',
      { input: { districtId, idNumber: leader.idNumber, name: leader.name, reason: '曾负责组织被取消备案资格' } },
      await t.as('district-officer'),
    );
    expect(listed.errors).toBeUndefined();
    await until(
      async () =>
        (await sql<object[]>('community', 'select 1 from blacklisted_leader where id_number = ?', [leader.idNumber])).length,
      (n) => n === 1,
    );

    const before = await Promise.all([
      count('community', 'filing_application'),
      count('community', 'organization'),
      count('community', 'outbox'),
      count('community', 'audit_record'),
    ]);
    const refused = await t.gql(
      SUBMIT,
      { input: filingInput(communityId, '测试太极拳队', members) },
      await t.as('community-officer'),
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'POLICY_VIOLATION',
      rule: 'LEADER_BLACKLISTED',
      fields: [{ field: 'input.members[0].idNumber', code: 'LEADER_BLACKLISTED' }],
    });

    const bad = await t.gql(
      SUBMIT,
      {
        input: {
          ...filingInput(
            communityId,
            '中国x!',
            roster(5).map((m, i) => (i === 1 ? { ...m, phone: '12' } : m)),
          ),
          applicantPhone: 'abc',
          foundedOn: '2999-01-01',
        },
      },
      await t.as('community-officer'),
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const problems = (bad.errors![0]!.extensions!.fields as { field: string; code: string }[]).map((p) => `${p.field}:${p.code}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'input.name:NAME_CHARACTERS',
        'input.name:NAME_RESERVED_WORD',
        'input.foundedOn:DATE',
        'input.applicantPhone:PHONE_FORMAT',
        'input.members[1].phone:PHONE_FORMAT',
        'input.members:MINIMUM_MEMBERS',
      ]),
    );
    const after = await Promise.all([
      count('community', 'filing_application'),
      count('community', 'organization'),
      count('community', 'outbox'),
      count('community', 'audit_record'),
    ]);
    expect(after).toEqual(before);
  });
});
