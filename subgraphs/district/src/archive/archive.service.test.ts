import { addDays, clock, localDate, localYear, setClockOffset } from '@cso/platform';
import { randomUUID } from 'node:crypto';
import { communityOfficer, districtOfficer, orgLeader, PUBLIC, rejectionOf } from '../__tests__/callers.js';
import { registerOrganization, startInProcess, type InProcess } from '../__tests__/in-process.js';
import { cancelFiling } from '../filing/filing.service.js';
import { CreditKind, InspectionResult } from '../oversight/oversight.entity.js';
import { grantAward, recordCreditEvent, recordInspection } from '../oversight/oversight.service.js';
import { districtArchiveOf } from './archive.service.js';

let t: InProcess;
beforeAll(async () => {
  t = await startInProcess();
});
afterAll(() => t?.stop());
afterEach(() => setClockOffset(0));

describe('the district’s part of an organization’s archive (区级档案)', () => {
  it('lists inspections, awards, credit events and the cancellation, newest first, to readers whose jurisdiction covers it', async () => {
    const org = await registerOrganization(t.em(), { districtId: t.districtId });
    const officer = t.as(districtOfficer(t.districtId));
    const organizationId = org.organizationId;
    const year = localYear(clock.now());
    const rectifyBy = localDate(addDays(clock.now(), 30));
    await recordInspection(officer, {
      organizationId,
      year,
      result: InspectionResult.FAIL,
      findings: '活动记录缺失',
      rectifyBy,
    });
    setClockOffset(60_000);
    await grantAward(officer, { organizationId, year, title: '优秀社区社会组织' });
    setClockOffset(120_000);
    await recordCreditEvent(officer, { organizationId, kind: CreditKind.NEGATIVE, points: 10, reason: '未按时整改' });
    setClockOffset(180_000);
    await cancelFiling(officer, organizationId, '逾期未整改,情节严重');

    const items = await districtArchiveOf(t.as(orgLeader(organizationId)), organizationId);
    expect(items.map((i) => [i.tier, i.kind, i.title])).toEqual([
      ['district', 'HANDLING_RESULT', '取消备案资格:逾期未整改,情节严重'],
      ['district', 'CREDIT', '-10 未按时整改'],
      ['district', 'AWARD', `${year}年度表彰:优秀社区社会组织`],
      ['district', 'INSPECTION', `${year}年度年检:不合格,限期${rectifyBy}前改正`],
    ]);
    expect(await districtArchiveOf(t.as(communityOfficer(org.communityId!)), organizationId)).toHaveLength(4);
  });

  it('is refused outside the jurisdiction, needs a signed-in caller, and is empty for an organization the district never registered', async () => {
    const org = await registerOrganization(t.em(), { districtId: t.districtId });
    expect(await rejectionOf(districtArchiveOf(t.as(communityOfficer(randomUUID())), org.organizationId))).toEqual({
      code: 'FORBIDDEN',
      rule: 'JURISDICTION',
    });
    expect(await rejectionOf(districtArchiveOf(t.as(PUBLIC), org.organizationId))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await districtArchiveOf(t.as(districtOfficer(t.districtId)), randomUUID())).toEqual([]);
  });
});
