import { randomUUID } from 'node:crypto';
import { addDays, clock, DAY_MS, localYear, pageRequest, setClockOffset, zonedTime } from '@cso/platform';
import { startTestSubgraph, type TestSubgraph } from '@cso/platform/testing';
import { definition } from '../app.js';
import { communityOfficer, PUBLIC, streetOfficer } from '../__tests__/callers.js';
import {
  applyEvent,
  contextOf,
  emOf,
  eventsAbout,
  givenForwardedFiling,
  givenPolicies,
  givenStreet,
  type ForwardedFiling,
} from '../__tests__/fixtures.js';
import { Certificate, StreetFiling } from './filing.entity.js';
import { filingCancelledConsumer } from './filing.consumers.js';
import { ObjectionDecision, StreetDecision, StreetStage } from './filing.enums.js';
import { readableFilings } from './filing.policy.js';
import {
  decideFiling,
  listForwardedFilings,
  listRunningNotices,
  lodgeObjection,
  objectionContact,
  publicNoticeOf,
  resolveObjection,
} from './filing.service.js';

let subgraph: TestSubgraph;

beforeAll(async () => {
  subgraph = await startTestSubgraph(definition);
});
afterAll(() => subgraph?.stop());
afterEach(() => setClockOffset(0));

const objection = { content: '活动时间过晚,影响居民休息', contactName: '刘明', contactPhone: '13800001111' };

/** Moves the clock so that it reads `at` (for this test only: reset after each). */
const setClockTo = (at: Date) => setClockOffset(at.getTime() - Date.now());

const reload = (id: string) => emOf(subgraph).findOneOrFail(StreetFiling, { id });

async function approved(filing: ForwardedFiling): Promise<StreetFiling> {
  return decideFiling(
    contextOf(subgraph, streetOfficer(filing.streetId)),
    filing.id,
    StreetDecision.APPROVE,
    '材料齐全,同意公示',
  );
}

describe('decideFiling (街道审核)', () => {
  it('refuses another street’s officer and leaves the filing pending, with nothing sent', async () => {
    const filing = await givenForwardedFiling(emOf(subgraph), await givenStreet(emOf(subgraph)));
    const other = contextOf(subgraph, streetOfficer(randomUUID()));
    await expect(decideFiling(other, filing.id, StreetDecision.APPROVE, '同意公示')).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN', rule: 'JURISDICTION' },
    });
    expect(await reload(filing.id)).toMatchObject({ stage: StreetStage.PENDING, decision: null, version: 0 });
    expect(await eventsAbout(emOf(subgraph), 'filingId', filing.id)).toEqual([]);
  });

  it('APPROVE opens the notice for the notice days the district set, and tells the other tiers', async () => {
    const street = await givenStreet(emOf(subgraph));
    await givenPolicies(emOf(subgraph), street.districtId, { publicNoticeDays: 3 });
    const filing = await givenForwardedFiling(emOf(subgraph), street);
    const decided = await approved(filing);
    expect(decided.stage).toBe(StreetStage.NOTICE);
    expect(decided.noticeEndsAt!.getTime() - decided.noticeStartsAt!.getTime()).toBe(3 * DAY_MS);
    const [event] = await eventsAbout(emOf(subgraph), 'filingId', filing.id);
    expect(event).toMatchObject({ type: 'street.filing-progressed', payload: { stage: 'NOTICE', version: 1 } });
    await expect(approved(filing)).rejects.toMatchObject({ extensions: { code: 'CONFLICT', reason: 'ALREADY_DECIDED' } });
  });

  it('decides at the clock’s time', async () => {
    const filing = await givenForwardedFiling(emOf(subgraph), await givenStreet(emOf(subgraph)));
    setClockOffset(5 * DAY_MS);
    const decided = await approved(filing);
    expect(Math.abs(decided.decidedAt!.getTime() - (Date.now() + 5 * DAY_MS))).toBeLessThan(5_000);
    expect(decided.noticeEndsAt).toEqual(addDays(decided.decidedAt!, 7));
  });
});

describe('the notice sweep (公示期满)', () => {
  it('ends a notice once the clock passes its end, issuing a certificate numbered {code}-{Beijing year}-{sequence}', async () => {
    const street = await givenStreet(emOf(subgraph));
    const first = await givenForwardedFiling(emOf(subgraph), street);
    const second = await givenForwardedFiling(emOf(subgraph), street);
    await approved(first);
    await approved(second);
    await subgraph.running.runJobs();
    expect((await reload(first.id)).stage).toBe(StreetStage.NOTICE);

    setClockOffset(7 * DAY_MS + 60_000);
    await subgraph.running.runJobs();
    const year = localYear(clock.now());
    const certificates = await emOf(subgraph).find(Certificate, { streetId: street.id }, { orderBy: { number: 'asc' } });
    expect(certificates.map((c) => c.number)).toEqual([`${street.code}-${year}-0001`, `${street.code}-${year}-0002`]);
    expect(await reload(first.id)).toMatchObject({ stage: StreetStage.COMPLETED, version: 2 });
    const events = await eventsAbout(emOf(subgraph), 'filingId', first.id);
    expect(events.map((e) => e.payload.stage)).toEqual(['NOTICE', 'COMPLETED']);
    expect(events[1]!.payload.certificateNumber).toMatch(new RegExp(`^${street.code}-${year}-000[12]$`));
  });

  it('numbers a certificate issued at 00:30 on New Year’s Day in Beijing with the new year (UTC still reads the old one)', async () => {
    const street = await givenStreet(emOf(subgraph));
    await givenPolicies(emOf(subgraph), street.districtId, { publicNoticeDays: 0 });
    const filing = await givenForwardedFiling(emOf(subgraph), street);
    const newYear = zonedTime(`${localYear(clock.now()) + 1}-01-01`, 0, 30);
    setClockTo(newYear);
    await approved(filing);
    await subgraph.running.runJobs();
    const certificate = await emOf(subgraph).findOneOrFail(Certificate, { organizationId: filing.organizationId });
    expect(newYear.getUTCFullYear()).toBe(localYear(newYear) - 1);
    expect(certificate.number).toBe(`${street.code}-${localYear(newYear)}-0001`);
  });

  it('waits for a pending objection to be resolved, then completes', async () => {
    const filing = await givenForwardedFiling(emOf(subgraph), await givenStreet(emOf(subgraph)));
    await approved(filing);
    const lodged = await lodgeObjection(contextOf(subgraph, PUBLIC), filing.id, objection);
    setClockOffset(8 * DAY_MS);
    await subgraph.running.runJobs();
    expect((await reload(filing.id)).stage).toBe(StreetStage.NOTICE);
    await expect(
      resolveObjection(contextOf(subgraph, streetOfficer(randomUUID())), lodged.id, ObjectionDecision.DISMISS, '不成立'),
    ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN', rule: 'JURISDICTION' } });
    await resolveObjection(
      contextOf(subgraph, streetOfficer(filing.streetId)),
      lodged.id,
      ObjectionDecision.DISMISS,
      '经核实不成立',
    );
    await subgraph.running.runJobs();
    expect((await reload(filing.id)).stage).toBe(StreetStage.COMPLETED);
  });

  it('voids the certificate when a dissolution’s notice ends', async () => {
    const street = await givenStreet(emOf(subgraph));
    await givenPolicies(emOf(subgraph), street.districtId, { publicNoticeDays: 0 });
    const founding = await givenForwardedFiling(emOf(subgraph), street);
    await approved(founding);
    await subgraph.running.runJobs();
    const dissolution = await givenForwardedFiling(emOf(subgraph), street, {
      kind: 'DISSOLUTION',
      organizationId: founding.organizationId,
      communityId: founding.communityId,
    });
    setClockOffset(60_000);
    await approved(dissolution);
    await subgraph.running.runJobs();
    const certificate = await emOf(subgraph).findOneOrFail(Certificate, { organizationId: founding.organizationId });
    expect(certificate).toMatchObject({ voidReason: '组织注销' });
    expect(Math.abs(certificate.voidedAt!.getTime() - clock.now().getTime())).toBeLessThan(5_000);
  });
});

describe('objections (异议)', () => {
  it('are received while the notice runs and refused as NOTICE_CLOSED once the clock passes its end, before any sweep', async () => {
    const filing = await givenForwardedFiling(emOf(subgraph), await givenStreet(emOf(subgraph)));
    await approved(filing);
    const lodged = await lodgeObjection(contextOf(subgraph, PUBLIC), filing.id, objection);
    expect(lodged).toMatchObject({ status: 'PENDING', contactName: '刘明' });
    setClockOffset(7 * DAY_MS + 1_000);
    await expect(lodgeObjection(contextOf(subgraph, PUBLIC), filing.id, objection)).rejects.toMatchObject({
      extensions: { code: 'CONFLICT', reason: 'NOTICE_CLOSED' },
    });
  });

  it('an upheld objection fails the filing; a later objection is NOTICE_CLOSED and no certificate is issued', async () => {
    const filing = await givenForwardedFiling(emOf(subgraph), await givenStreet(emOf(subgraph)));
    await approved(filing);
    const lodged = await lodgeObjection(contextOf(subgraph, PUBLIC), filing.id, objection);
    await resolveObjection(
      contextOf(subgraph, streetOfficer(filing.streetId)),
      lodged.id,
      ObjectionDecision.UPHOLD,
      '经核实成立',
    );
    expect((await reload(filing.id)).stage).toBe(StreetStage.OBJECTION_UPHELD);
    await expect(lodgeObjection(contextOf(subgraph, PUBLIC), filing.id, objection)).rejects.toMatchObject({
      extensions: { code: 'CONFLICT', reason: 'NOTICE_CLOSED' },
    });
    setClockOffset(8 * DAY_MS);
    await subgraph.running.runJobs();
    expect(await emOf(subgraph).count(Certificate, { organizationId: filing.organizationId })).toBe(0);
  });

  it('show their contact details to the officers of the notice’s street only', async () => {
    const filing = await givenForwardedFiling(emOf(subgraph), await givenStreet(emOf(subgraph)));
    await approved(filing);
    const lodged = await lodgeObjection(contextOf(subgraph, PUBLIC), filing.id, objection);
    expect(await objectionContact(contextOf(subgraph, streetOfficer(filing.streetId)), lodged)).toEqual({
      name: '刘明',
      phone: '13800001111',
    });
    expect(await objectionContact(contextOf(subgraph, streetOfficer(randomUUID())), lodged)).toBeNull();
    expect(await objectionContact(contextOf(subgraph, communityOfficer(filing.communityId!)), lodged)).toBeNull();
  });
});

describe('public notices (公示)', () => {
  it('are listed and open while they run at the clock’s time, and closed after', async () => {
    const filing = await givenForwardedFiling(emOf(subgraph), await givenStreet(emOf(subgraph)));
    await approved(filing);
    const running = () =>
      listRunningNotices(contextOf(subgraph, PUBLIC), { streetId: filing.streetId }, pageRequest({ first: 10 }));
    expect((await running()).nodes.map((n) => [n.id, n.isOpen])).toEqual([[filing.id, true]]);
    setClockOffset(7 * DAY_MS + 1_000);
    expect((await running()).nodes).toEqual([]);
    expect(await publicNoticeOf(contextOf(subgraph, PUBLIC), filing.id)).toMatchObject({ isOpen: false, stage: 'NOTICE' });
  });
});

describe('the street’s queue (街道待办)', () => {
  it('shows a community officer the filings of the own community only', async () => {
    const street = await givenStreet(emOf(subgraph));
    const mine = await givenForwardedFiling(emOf(subgraph), street);
    await givenForwardedFiling(emOf(subgraph), street);
    const caller = communityOfficer(mine.communityId!);
    const page = await listForwardedFilings(contextOf(subgraph, caller), readableFilings(caller), null, pageRequest({}));
    expect(page.nodes.map((f) => f.id)).toEqual([mine.id]);
    const officer = streetOfficer(street.id);
    const queue = await listForwardedFilings(
      contextOf(subgraph, officer),
      readableFilings(officer),
      { stage: StreetStage.PENDING },
      pageRequest({}),
    );
    expect(queue.nodes).toHaveLength(2);
  });
});

describe('the district’s cancellation (取消备案资格)', () => {
  it('voids the certificate, ends a running notice, and closes a filing forwarded afterwards', async () => {
    const street = await givenStreet(emOf(subgraph));
    await givenPolicies(emOf(subgraph), street.districtId, { publicNoticeDays: 0 });
    const founding = await givenForwardedFiling(emOf(subgraph), street);
    await approved(founding);
    await subgraph.running.runJobs();
    const change = await givenForwardedFiling(emOf(subgraph), street, {
      kind: 'CHANGE',
      organizationId: founding.organizationId,
      communityId: founding.communityId,
    });
    await givenPolicies(emOf(subgraph), street.districtId, { publicNoticeDays: 7 }, 2);
    expect((await approved(change)).stage).toBe(StreetStage.NOTICE);
    await applyEvent(emOf(subgraph), filingCancelledConsumer, {
      organizationId: founding.organizationId,
      districtId: street.districtId,
      reason: '长期不开展活动',
      cancelledAt: clock.now().toISOString(),
    });
    expect(await emOf(subgraph).findOneOrFail(Certificate, { organizationId: founding.organizationId })).toMatchObject({
      voidReason: '取消备案资格:长期不开展活动',
    });
    expect((await reload(change.id)).stage).toBe(StreetStage.CANCELLED);
    const late = await givenForwardedFiling(emOf(subgraph), street, {
      kind: 'CHANGE',
      organizationId: founding.organizationId,
      communityId: founding.communityId,
    });
    expect((await reload(late.id)).stage).toBe(StreetStage.CANCELLED);
  });
});
