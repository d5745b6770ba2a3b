import { randomUUID } from 'node:crypto';
import { addMonths, clock, firstDayOfNextMonth, localMonth, setClockOffset, zonedTime } from '@cso/platform';
import { startTestSubgraph, type TestSubgraph } from '@cso/platform/testing';
import { definition } from '../app.js';
import { communityOfficer, orgLeader, streetOfficer } from '../__tests__/callers.js';
import {
  contextOf,
  emOf,
  givenFiledOrganization,
  givenForwardedFiling,
  givenPolicies,
  givenStreet,
} from '../__tests__/fixtures.js';
import { Certificate } from '../filing/filing.entity.js';
import { complianceOf } from './monthly.loader.js';
import { expectedToReport, monthEndsAt, monthlyReportDueAt } from './monthly.policy.js';
import { submitMonthlyReport } from './monthly.service.js';

let subgraph: TestSubgraph;

beforeAll(async () => {
  subgraph = await startTestSubgraph(definition);
});
afterAll(() => subgraph?.stop());
afterEach(() => setClockOffset(0));

/** Moves the clock so that it reads `at` (for this test only: reset after each). */
const setClockTo = (at: Date) => setClockOffset(at.getTime() - Date.now());

const report = (month: string, participants = 120) => ({
  participants,
  activities: [{ date: `${month}-05`, content: '合唱排练' }],
  publicBenefitScope: '社区老年居民',
  goodDeeds: '为独居老人送餐',
  partyMembersTakingPart: 3,
});

describe('submitMonthlyReport (月报)', () => {
  it('is on time until 23:59:59.999 Beijing time on the due day, and late from Beijing midnight (still the due day in UTC)', async () => {
    const street = await givenStreet(emOf(subgraph));
    const org = await givenFiledOrganization(emOf(subgraph), street);
    const month = localMonth(clock.now());
    const due = zonedTime(`${firstDayOfNextMonth(month).slice(0, 8)}10`, 23, 59, 59, 999);
    expect(monthlyReportDueAt(month, 10)).toEqual(due);
    const leader = orgLeader(org.organizationId);

    setClockTo(new Date(due.getTime() - 500));
    const onTime = await submitMonthlyReport(contextOf(subgraph, leader), org.organizationId, month, report(month));
    expect(onTime).toMatchObject({ revision: 1, late: false });

    const justAfter = new Date(due.getTime() + 500);
    expect(justAfter.toISOString().slice(0, 10)).toBe(`${firstDayOfNextMonth(month).slice(0, 8)}10`);
    setClockTo(justAfter);
    const correction = await submitMonthlyReport(contextOf(subgraph, leader), org.organizationId, month, report(month, 150));
    expect(correction).toMatchObject({ revision: 2, late: true, participants: 150 });
  });

  it('applies the due day the district set', async () => {
    const street = await givenStreet(emOf(subgraph));
    await givenPolicies(emOf(subgraph), street.districtId, { monthlyReportDueDay: 5 });
    const org = await givenFiledOrganization(emOf(subgraph), street);
    const month = localMonth(clock.now());
    setClockTo(zonedTime(`${firstDayOfNextMonth(month).slice(0, 8)}06`, 9));
    const submitted = await submitMonthlyReport(
      contextOf(subgraph, orgLeader(org.organizationId)),
      org.organizationId,
      month,
      report(month),
    );
    expect(submitted.late).toBe(true);
  });

  it('accepts a month once it has begun in Beijing, and refuses the month after as FUTURE_MONTH', async () => {
    const street = await givenStreet(emOf(subgraph));
    const org = await givenFiledOrganization(emOf(subgraph), street);
    const next = addMonths(localMonth(clock.now()), 1);
    const beijingFirst = zonedTime(`${next}-01`, 0, 30);
    expect(beijingFirst.toISOString().slice(0, 7)).toBe(localMonth(clock.now()));
    setClockTo(beijingFirst);
    const ctx = contextOf(subgraph, orgLeader(org.organizationId));
    expect(await submitMonthlyReport(ctx, org.organizationId, next, report(next))).toMatchObject({ month: next, late: false });
    const after = addMonths(next, 1);
    await expect(submitMonthlyReport(ctx, org.organizationId, after, report(after))).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'month', code: 'FUTURE_MONTH' })] },
    });
  });

  it('refuses another organization’s leader and another community’s officer; an unfiled organization breaks a rule', async () => {
    const street = await givenStreet(emOf(subgraph));
    const org = await givenFiledOrganization(emOf(subgraph), street);
    const month = localMonth(clock.now());
    for (const caller of [orgLeader(randomUUID()), communityOfficer(randomUUID())])
      await expect(
        submitMonthlyReport(contextOf(subgraph, caller), org.organizationId, month, report(month)),
      ).rejects.toMatchObject({
        extensions: { code: 'FORBIDDEN', rule: 'JURISDICTION' },
      });
    expect(
      await submitMonthlyReport(
        contextOf(subgraph, communityOfficer(org.communityId!)),
        org.organizationId,
        month,
        report(month),
      ),
    ).toMatchObject({ revision: 1 });
    const unfiled = await givenForwardedFiling(emOf(subgraph), street);
    await expect(
      submitMonthlyReport(contextOf(subgraph, orgLeader(unfiled.organizationId)), unfiled.organizationId, month, report(month)),
    ).rejects.toMatchObject({ extensions: { code: 'POLICY_VIOLATION', rule: 'ORGANIZATION_NOT_FILED' } });
  });
});

describe('monthly-report compliance (月报合规)', () => {
  it('expects the organizations filed before the Beijing end of the month, and counts their first reports', async () => {
    const street = await givenStreet(emOf(subgraph));
    const month = localMonth(clock.now());
    // The Beijing midnight that ends the month, computed here rather than by the rule under test.
    const end = zonedTime(firstDayOfNextMonth(month));
    expect(monthEndsAt(month)).toEqual(end);
    const hours = (n: number) => new Date(end.getTime() + n * 3_600_000);
    const beforeEnd = await givenFiledOrganization(emOf(subgraph), street, { issuedAt: hours(-1) });
    // 01:00 on the 1st in Beijing: still the last day of the month in UTC, but filed after the month ended.
    await givenFiledOrganization(emOf(subgraph), street, { issuedAt: hours(1) });
    await givenFiledOrganization(emOf(subgraph), street, { issuedAt: hours(-48), voidedAt: hours(-1) });
    await givenFiledOrganization(emOf(subgraph), street, { issuedAt: hours(-48) });
    await submitMonthlyReport(
      contextOf(subgraph, orgLeader(beforeEnd.organizationId)),
      beforeEnd.organizationId,
      month,
      report(month),
    );

    const figures = await complianceOf(contextOf(subgraph, streetOfficer(street.id)), 'street_id', month).load(street.id);
    expect(figures).toEqual({ month, expected: 2, submitted: 1, onTime: 1, late: 0, missing: 1 });
    // The SQL twin and the TypeScript rule agree on every certificate.
    const certificates = await emOf(subgraph).find(Certificate, { streetId: street.id });
    expect(certificates.filter((c) => expectedToReport(c, month))).toHaveLength(figures.expected);
  });

  it('refuses a community’s figures to the officer of another community, and serves its own officer', async () => {
    const street = await givenStreet(emOf(subgraph));
    const org = await givenFiledOrganization(emOf(subgraph), street);
    const month = localMonth(clock.now());
    const QUERY = `query($r: [_Any!]!, $m: String!) {
      _entities(representations: $r) { ... on Community { monthlyReportCompliance(month: $m) { expected missing } } }
    }`;
    const ask = async (claims: { role: string; [claim: string]: string }) =>
      subgraph.query<{ _entities: { monthlyReportCompliance: { expected: number } }[] }>(
        QUERY,
        { r: [{ __typename: 'Community', id: org.communityId }], m: month },
        subgraph.asGateway(await subgraph.token({ sub: 'test', name: '测试', ...claims })),
      );
    const other = await ask({ role: 'COMMUNITY_OFFICER', communityId: randomUUID() });
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'JURISDICTION' });
    const otherDistrict = await ask({ role: 'DISTRICT_OFFICER', districtId: randomUUID() });
    expect(otherDistrict.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'JURISDICTION' });
    const own = await ask({ role: 'COMMUNITY_OFFICER', communityId: org.communityId! });
    expect(own.errors).toBeUndefined();
    expect(own.data?._entities[0]?.monthlyReportCompliance).toEqual({ expected: 1, missing: 1 });
  });
});
