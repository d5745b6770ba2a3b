import { ReportReviewedByStreet } from '@cso/contracts';
import { DAY_MS, setClockOffset } from '@cso/platform';
import { randomUUID } from 'node:crypto';
import { communityOfficer, districtOfficer, orgLeader, rejectionOf, streetOfficer } from '../__tests__/callers.js';
import { startInProcess, type InProcess } from '../__tests__/in-process.js';
import { reportForwardedConsumer } from './report.consumers.js';
import { DistrictReport } from './report.entity.js';
import { decideEscalatedReport, districtReviewOf } from './report.service.js';
import { DistrictDecision } from './report.types.js';

let t: InProcess;
beforeAll(async () => {
  t = await startInProcess();
});
afterAll(() => t?.stop());
afterEach(() => setClockOffset(0));

type Forwarded = ReturnType<typeof ReportReviewedByStreet.payload.parse>;

/** A street forwards a round of a new report (or the next round of `earlier`) to the district, through the district's consumer. */
async function forwarded(earlier?: Forwarded) {
  const payload = ReportReviewedByStreet.payload.parse({
    reportId: earlier?.reportId ?? randomUUID(),
    round: (earlier?.round ?? 0) + 1,
    organizationId: earlier?.organizationId ?? randomUUID(),
    communityId: earlier?.communityId ?? randomUUID(),
    streetId: earlier?.streetId ?? randomUUID(),
    districtId: t.districtId,
    organizationName: '测试社区合唱团',
    title: '社区文艺汇演',
    plannedStart: new Date(Date.now() + 20 * DAY_MS).toISOString(),
    decision: 'FORWARD',
    opinion: '同意上报',
    reviewerName: '街道',
    at: new Date().toISOString(),
    dueAt: new Date(Date.now() + 2 * DAY_MS).toISOString(),
  });
  await t.em().transactional((tx) => reportForwardedConsumer.apply(tx, payload, undefined as never));
  return payload;
}

const writes = async (reportId: string) => ({
  decided: (await t.em().find(DistrictReport, { reportId })).filter((r) => r.decision).length,
  audit: (await t.audit(reportId)).length,
  outbox: (await t.outbox('reportId', reportId)).length,
});

describe('decideEscalatedReport (区协会决定)', () => {
  it('refuses the officers of another district and the report’s own street, writing nothing', async () => {
    const report = await forwarded();
    for (const caller of [districtOfficer(randomUUID()), streetOfficer(report.streetId)])
      expect(
        await rejectionOf(decideEscalatedReport(t.as(caller), report.reportId, DistrictDecision.APPROVE, '同意举办', null)),
      ).toEqual({
        code: 'FORBIDDEN',
        rule: 'JURISDICTION',
      });
    expect(await writes(report.reportId)).toEqual({ decided: 0, audit: 0, outbox: 0 });
  });

  it('takes conditions with an approval only, and names every bad field at once', async () => {
    const report = await forwarded();
    const refused = await rejectionOf(
      decideEscalatedReport(t.as(districtOfficer(t.districtId)), report.reportId, DistrictDecision.REJECT, '否', '注意安全'),
    );
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((refused!.fields as { field: string; code: string }[]).map((f) => `${f.field}:${f.code}`)).toEqual([
      'opinion:LENGTH',
      'conditions:NOT_APPLICABLE',
    ]);
    expect(await writes(report.reportId)).toEqual({ decided: 0, audit: 0, outbox: 0 });
  });

  it('decides the latest round once, at the clock’s time, and shows the decision of that round to readers who cover the report', async () => {
    const first = await forwarded();
    await forwarded(first);
    setClockOffset(DAY_MS);
    const officer = districtOfficer(t.districtId);
    const row = await decideEscalatedReport(t.as(officer), first.reportId, DistrictDecision.APPROVE, '同意举办', '注意活动安全');
    expect(row).toMatchObject({ round: 2, decision: 'APPROVE', conditions: '注意活动安全', reviewerName: officer.name });
    expect(Math.abs(row.reviewedAt!.getTime() - (Date.now() + DAY_MS))).toBeLessThan(60_000);
    expect(await writes(first.reportId)).toEqual({ decided: 1, audit: 1, outbox: 1 });
    expect(
      await rejectionOf(decideEscalatedReport(t.as(officer), first.reportId, DistrictDecision.REJECT, '不同意', null)),
    ).toEqual({
      code: 'CONFLICT',
      reason: 'ALREADY_DECIDED',
    });

    const leader = t.as(orgLeader(first.organizationId));
    expect(await districtReviewOf(leader, first.reportId, 2)).toMatchObject({
      decision: 'APPROVE',
      round: 2,
      opinion: '同意举办',
    });
    expect(await districtReviewOf(leader, first.reportId, 1)).toBeNull();
    expect(await rejectionOf(districtReviewOf(t.as(communityOfficer(randomUUID())), first.reportId, 2))).toEqual({
      code: 'FORBIDDEN',
      rule: 'JURISDICTION',
    });
  });

  it('refuses a report that never reached the district', async () => {
    expect(
      await rejectionOf(
        decideEscalatedReport(t.as(districtOfficer(t.districtId)), randomUUID(), DistrictDecision.APPROVE, '同意', null),
      ),
    ).toMatchObject({ code: 'NOT_FOUND', entity: 'MajorActivityReport' });
  });
});
