import { randomUUID } from 'node:crypto';
import { addDays, clock, DAY_MS, setClockOffset } from '@cso/platform';
import { startTestSubgraph, type TestSubgraph } from '@cso/platform/testing';
import { definition } from '../app.js';
import { streetOfficer } from '../__tests__/callers.js';
import { applyEvent, contextOf, emOf, eventsAbout, givenPolicies, givenStreet } from '../__tests__/fixtures.js';
import type { Street } from '../street/street.entity.js';
import { reportEscalatedConsumer } from './report.consumers.js';
import { StreetReport } from './report.entity.js';
import { EscalationDecision } from './report.enums.js';
import { reviewEscalatedReport } from './report.service.js';

let subgraph: TestSubgraph;

beforeAll(async () => {
  subgraph = await startTestSubgraph(definition);
});
afterAll(() => subgraph?.stop());
afterEach(() => setClockOffset(0));

/** A round of a major-activity report the community forwarded to the street (the community's event). */
async function givenEscalatedRound(street: Street, reportId: string = randomUUID(), round = 1): Promise<string> {
  const at = clock.now();
  await applyEvent(emOf(subgraph), reportEscalatedConsumer, {
    reportId,
    round,
    organizationId: randomUUID(),
    communityId: randomUUID(),
    streetId: street.id,
    districtId: street.districtId,
    organizationName: '测试志愿服务队',
    title: '社区重阳节敬老活动',
    plannedStart: addDays(at, 20).toISOString(),
    at: at.toISOString(),
    dueAt: addDays(at, 2).toISOString(),
  });
  return reportId;
}

const rounds = (reportId: string) => emOf(subgraph).find(StreetReport, { reportId }, { orderBy: { round: 'asc' } });

describe('reviewEscalatedReport (街道审核)', () => {
  it('refuses another street’s officer and leaves the round unreviewed', async () => {
    const reportId = await givenEscalatedRound(await givenStreet(emOf(subgraph)));
    await expect(
      reviewEscalatedReport(contextOf(subgraph, streetOfficer(randomUUID())), reportId, EscalationDecision.FORWARD, '同意上报'),
    ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN', rule: 'JURISDICTION' } });
    expect((await rounds(reportId))[0]).toMatchObject({ decision: null, reviewedAt: null });
    expect(await eventsAbout(emOf(subgraph), 'reportId', reportId)).toEqual([]);
  });

  it('forwards the latest round at the clock’s time, due at the district the district’s review days later; once only', async () => {
    const street = await givenStreet(emOf(subgraph));
    await givenPolicies(emOf(subgraph), street.districtId, { reviewResponseDays: 3 });
    const reportId = await givenEscalatedRound(street);
    await givenEscalatedRound(street, reportId, 2);
    setClockOffset(4 * DAY_MS);
    const officer = contextOf(subgraph, streetOfficer(street.id));
    const reviewed = await reviewEscalatedReport(officer, reportId, EscalationDecision.FORWARD, '同意上报区协会');
    expect(reviewed).toMatchObject({ round: 2, decision: 'FORWARD', opinion: '同意上报区协会' });
    expect(Math.abs(reviewed.reviewedAt!.getTime() - (Date.now() + 4 * DAY_MS))).toBeLessThan(5_000);
    expect((await rounds(reportId)).map((r) => r.decision)).toEqual([null, 'FORWARD']);
    const [event] = await eventsAbout(emOf(subgraph), 'reportId', reportId);
    expect(event!.payload).toMatchObject({
      round: 2,
      decision: 'FORWARD',
      dueAt: addDays(reviewed.reviewedAt!, 3).toISOString(),
    });
    await expect(reviewEscalatedReport(officer, reportId, EscalationDecision.REJECT, '不同意')).rejects.toMatchObject({
      extensions: { code: 'CONFLICT', reason: 'ALREADY_REVIEWED' },
    });
  });

  it('a returned report has no district deadline; a report that never reached the street is NOT_FOUND', async () => {
    const street = await givenStreet(emOf(subgraph));
    const reportId = await givenEscalatedRound(street);
    await reviewEscalatedReport(
      contextOf(subgraph, streetOfficer(street.id)),
      reportId,
      EscalationDecision.RETURN,
      '请补充安全预案',
    );
    const [event] = await eventsAbout(emOf(subgraph), 'reportId', reportId);
    expect(event!.payload).toMatchObject({ decision: 'RETURN', dueAt: null });
    await expect(
      reviewEscalatedReport(contextOf(subgraph, streetOfficer(street.id)), randomUUID(), EscalationDecision.FORWARD, '同意'),
    ).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });
});
