import { addDays, clock, localDate, localYear, setClockOffset, zonedTime } from '@cso/platform';
import { randomUUID } from 'node:crypto';
import { analyst, communityOfficer, districtOfficer, orgLeader, rejectionOf, streetOfficer } from '../__tests__/callers.js';
import { registerOrganization, startInProcess, type InProcess } from '../__tests__/in-process.js';
import { communityInspectionResults, districtInspectionResults, streetInspectionResults } from './inspection-results.service.js';
import { CreditKind, Inspection, InspectionResult } from './oversight.entity.js';
import { creditOf, grantAward, recordCreditEvent, recordInspection } from './oversight.service.js';

let t: InProcess;
beforeAll(async () => {
  t = await startInProcess();
});
afterAll(() => t?.stop());
afterEach(() => setClockOffset(0));

/** Moves the clock to a Beijing wall-clock time. */
function setBeijingTime(date: string, hour: number): Date {
  const at = zonedTime(date, hour);
  setClockOffset(at.getTime() - Date.now());
  return at;
}

const FINDINGS = '台账不全,活动记录缺失';
const inspectionsOf = async (organizationId: string) => t.em().count(Inspection, { organizationId });

describe('recordInspection (年检)', () => {
  it('refuses the officers of another district, writing nothing', async () => {
    const org = await registerOrganization(t.em(), { districtId: t.districtId });
    const year = localYear(clock.now());
    const refused = await rejectionOf(
      recordInspection(t.as(districtOfficer(randomUUID())), {
        organizationId: org.organizationId,
        year,
        result: InspectionResult.PASS,
        findings: FINDINGS,
      }),
    );
    expect(refused).toEqual({ code: 'FORBIDDEN', rule: 'JURISDICTION' });
    expect(await inspectionsOf(org.organizationId)).toBe(0);
    expect(await t.audit(org.organizationId)).toEqual([]);
  });

  it('requires, for a FAIL, a rectify-by date after today in Beijing, where UTC is still on the day before', async () => {
    // 01:00 in Beijing is 17:00 UTC of the day before: "today" differs between the two.
    const beijingToday = localDate(addDays(clock.now(), 30));
    const at = setBeijingTime(beijingToday, 1);
    expect(at.toISOString().slice(0, 10)).not.toBe(beijingToday);
    const officer = t.as(districtOfficer(t.districtId));
    const org = await registerOrganization(t.em(), { districtId: t.districtId });
    const input = { organizationId: org.organizationId, year: localYear(at), result: InspectionResult.FAIL, findings: FINDINGS };

    expect(await rejectionOf(recordInspection(officer, input))).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [expect.objectContaining({ field: 'input.rectifyBy', code: 'REQUIRED' })],
    });
    for (const rectifyBy of [beijingToday, '2026-02-30', 'soon'])
      expect(await rejectionOf(recordInspection(officer, { ...input, rectifyBy }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [expect.objectContaining({ field: 'input.rectifyBy', code: 'DATE' })],
      });
    expect(await inspectionsOf(org.organizationId)).toBe(0);

    const tomorrow = localDate(addDays(at, 1));
    const inspection = await recordInspection(officer, { ...input, rectifyBy: tomorrow });
    expect(inspection).toMatchObject({ result: 'FAIL', rectifyBy: tomorrow });
    expect(Math.abs(inspection.inspectedAt.getTime() - at.getTime())).toBeLessThan(60_000);
    expect(await inspectionsOf(org.organizationId)).toBe(1);
    expect(await t.audit(inspection.id)).toHaveLength(1);
  });

  it('refuses a rectify-by date on anything but a FAIL', async () => {
    const org = await registerOrganization(t.em(), { districtId: t.districtId });
    const refused = await rejectionOf(
      recordInspection(t.as(districtOfficer(t.districtId)), {
        organizationId: org.organizationId,
        year: localYear(clock.now()),
        result: InspectionResult.PASS,
        findings: FINDINGS,
        rectifyBy: localDate(addDays(clock.now(), 30)),
      }),
    );
    expect(refused).toMatchObject({ fields: [expect.objectContaining({ field: 'input.rectifyBy', code: 'NOT_APPLICABLE' })] });
  });

  it('takes the year up to this year in Beijing: on 1 January at 01:00 Beijing time, UTC is still in the old year', async () => {
    const newYear = localYear(clock.now()) + 1;
    const at = setBeijingTime(`${newYear}-01-01`, 1);
    expect(at.getUTCFullYear()).toBe(newYear - 1);
    const officer = t.as(districtOfficer(t.districtId));
    const org = await registerOrganization(t.em(), { districtId: t.districtId });

    const tooLate = { organizationId: org.organizationId, year: newYear + 1, result: InspectionResult.PASS, findings: FINDINGS };
    expect(await rejectionOf(recordInspection(officer, tooLate))).toMatchObject({
      fields: [{ field: 'input.year', code: 'OUT_OF_RANGE', message: `must be 2000 to ${newYear}` }],
    });
    expect(await recordInspection(officer, { ...tooLate, year: newYear })).toMatchObject({ year: newYear });
    expect(
      await grantAward(officer, { organizationId: org.organizationId, year: newYear, title: '优秀社区社会组织' }),
    ).toMatchObject({
      year: newYear,
    });
    expect(
      await rejectionOf(
        grantAward(officer, { organizationId: org.organizationId, year: newYear + 1, title: '优秀社区社会组织' }),
      ),
    ).toMatchObject({
      fields: [expect.objectContaining({ field: 'input.year', code: 'OUT_OF_RANGE' })],
    });
  });

  it('inspects and awards FILED organizations only, naming every problem at once', async () => {
    const dissolved = await registerOrganization(t.em(), { districtId: t.districtId }, 'DISSOLVED');
    const refused = await rejectionOf(
      recordInspection(t.as(districtOfficer(t.districtId)), {
        organizationId: dissolved.organizationId,
        year: 1999,
        result: InspectionResult.PASS,
        findings: '差',
      }),
    );
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((refused!.fields as { code: string }[]).map((f) => f.code)).toEqual([
      'OUT_OF_RANGE',
      'LENGTH',
      'ORGANIZATION_NOT_FILED',
    ]);
  });
});

describe('credit (诚信)', () => {
  it('scores 100 plus positive minus negative points, for readers whose jurisdiction covers the organization', async () => {
    const org = await registerOrganization(t.em(), { districtId: t.districtId });
    const officer = t.as(districtOfficer(t.districtId));
    await recordCreditEvent(officer, {
      organizationId: org.organizationId,
      kind: CreditKind.POSITIVE,
      points: 5,
      reason: '志愿服务表现突出',
    });
    setClockOffset(60_000);
    await recordCreditEvent(officer, {
      organizationId: org.organizationId,
      kind: CreditKind.NEGATIVE,
      points: 20,
      reason: '未按时报送月报',
    });
    const credit = await creditOf(t.as(orgLeader(org.organizationId)), org.organizationId);
    expect(credit?.score).toBe(85);
    expect(credit?.events.map((e) => e.kind)).toEqual(['NEGATIVE', 'POSITIVE']);
    expect(await rejectionOf(creditOf(t.as(communityOfficer(randomUUID())), org.organizationId))).toEqual({
      code: 'FORBIDDEN',
      rule: 'JURISDICTION',
    });
    expect(await creditOf(t.as(communityOfficer(randomUUID())), randomUUID())).toBeNull();
  });
});

describe('inspection results (年检结果)', () => {
  const year = localYear(clock.now());
  const streetId = randomUUID();
  const communityId = randomUUID();
  const expected = { year, filed: 3, inspected: 2, pass: 1, basicPass: 0, fail: 1, notInspected: 1 };
  const orgs: string[] = [];

  beforeAll(async () => {
    const em = t.em();
    for (let i = 0; i < 3; i++)
      orgs.push((await registerOrganization(em, { districtId: t.districtId, streetId, communityId })).organizationId);
    await registerOrganization(em, { districtId: t.districtId, streetId, communityId }, 'DISSOLVED');
    const officer = t.as(districtOfficer(t.districtId));
    await recordInspection(officer, { organizationId: orgs[0]!, year, result: InspectionResult.PASS, findings: FINDINGS });
    await recordInspection(officer, {
      organizationId: orgs[1]!,
      year,
      result: InspectionResult.FAIL,
      findings: FINDINGS,
      rectifyBy: localDate(addDays(clock.now(), 60)),
    });
  });

  it('of a community: counted from the register for its officers, its street’s and its district’s', async () => {
    for (const caller of [
      communityOfficer(communityId),
      streetOfficer(streetId),
      districtOfficer(t.districtId),
      analyst(t.districtId),
    ])
      expect({ ...(await communityInspectionResults(t.as(caller), communityId, year)) }).toEqual(expected);
  });

  it('of a community: refused to an organization’s leader and to the officers of another community, street or district', async () => {
    for (const caller of [
      orgLeader(orgs[0]!),
      communityOfficer(randomUUID()),
      streetOfficer(randomUUID()),
      districtOfficer(randomUUID()),
    ])
      expect(await rejectionOf(communityInspectionResults(t.as(caller), communityId, year))).toEqual({
        code: 'FORBIDDEN',
        rule: 'JURISDICTION',
      });
  });

  it('of a street: its officers and the district’s; never a community officer or a leader', async () => {
    expect({ ...(await streetInspectionResults(t.as(streetOfficer(streetId)), streetId, year)) }).toEqual(expected);
    for (const caller of [
      communityOfficer(communityId),
      orgLeader(orgs[0]!),
      streetOfficer(randomUUID()),
      districtOfficer(randomUUID()),
    ])
      expect(await rejectionOf(streetInspectionResults(t.as(caller), streetId, year))).toEqual({
        code: 'FORBIDDEN',
        rule: 'JURISDICTION',
      });
  });

  it('of many communities: one statement for their places and one for their figures, in key order', async () => {
    const ctx = t.as(districtOfficer(t.districtId));
    const unknown = randomUUID();
    t.subgraph.queries.reset();
    const results = await Promise.all([unknown, communityId].map((id) => communityInspectionResults(ctx, id, year)));
    expect(t.subgraph.queries.count).toBe(2);
    expect(results.map((r) => r.filed)).toEqual([0, expected.filed]);
  });

  it('of a district: its officers and analysts; the scope the register does not know has zeros', async () => {
    const district = await districtInspectionResults(t.as(analyst(t.districtId)), t.districtId, year);
    expect(district.filed).toBeGreaterThanOrEqual(expected.filed);
    expect(await rejectionOf(districtInspectionResults(t.as(districtOfficer(randomUUID())), t.districtId, year))).toEqual({
      code: 'FORBIDDEN',
      rule: 'JURISDICTION',
    });
    expect({ ...(await communityInspectionResults(t.as(districtOfficer(t.districtId)), randomUUID(), year)) }).toEqual({
      year,
      filed: 0,
      inspected: 0,
      pass: 0,
      basicPass: 0,
      fail: 0,
      notInspected: 0,
    });
  });
});
