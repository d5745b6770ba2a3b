import { randomUUID } from 'node:crypto';
import { addDays, clock, DAY_MS, setClockOffset, uuidArray } from '@cso/platform';
import { callers, place, type CallerName } from '../__tests__/callers.js';
import { filedOrganization, startTier, type Tier } from '../__tests__/tier.js';
import type { Organization } from '../organization/organization.entity.js';
import { reportStatistics } from '../statistics/statistics.loader.js';
import { MajorActivityReport } from './report.entity.js';
import { ActivityKind, ReportLevel, ReportStatus, ReviewDecision } from './report.enums.js';
import { canReadReport, isOverdue, overdueCondition, readableReports } from './report.policy.js';
import { reportConditions, reportPage } from './report.repository.js';
import { reviewReport, submitReport } from './report.service.js';

let tier: Tier;
let org: Organization;
beforeAll(async () => {
  tier = await startTier();
  org = await filedOrganization(tier.em, '望海楼社区腰鼓队', place.organization);
});
afterAll(() => tier?.stop());
afterEach(() => setClockOffset(0));

const submit = () =>
  submitReport(tier.as(callers.leader), {
    organizationId: org.id,
    title: '重阳节敬老文艺演出',
    description: '在社区广场为老年居民演出腰鼓和合唱节目',
    kind: ActivityKind.PERFORMANCE,
    plannedStart: addDays(clock.now(), 10),
    plannedEnd: addDays(clock.now(), 10.1),
    location: '社区文化广场',
    expectedParticipants: 120,
    safetyMeasures: '安排志愿者维持秩序,准备急救药箱',
    contactName: '王秀兰',
    contactPhone: '13812345678',
  });

/** What the tier answers about one report now: the field, the street's list, the community's figures. */
async function observed(id: string) {
  const report = await tier.em.fork().findOneOrFail(MajorActivityReport, { id });
  const street = tier.as(callers.streetOfficer);
  const page = await reportPage(street.em, reportConditions(street.caller, { overdue: true }, clock.now()), {
    first: 100,
    after: null,
  });
  const figures = await reportStatistics(tier.as(callers.communityOfficer), 'community_id').load(place.community);
  return {
    overdue: isOverdue(report),
    streetReads: canReadReport(callers.streetOfficer, report),
    inStreetOverdueList: page.nodes.some((r) => r.id === id),
    overdueInFigures: figures.overdue,
  };
}

describe('a major-activity report', () => {
  it('becomes overdue when the clock passes its level’s due time, and the level above then sees it', async () => {
    const report = await submit();
    expect(report.levelDueAt.getTime() - report.submittedAt.getTime()).toBe(2 * DAY_MS);
    expect(await observed(report.id)).toEqual({
      overdue: false,
      streetReads: false,
      inStreetOverdueList: false,
      overdueInFigures: 0,
    });

    setClockOffset(2 * DAY_MS + 60_000);
    expect(await observed(report.id)).toEqual({
      overdue: true,
      streetReads: true,
      inStreetOverdueList: true,
      overdueInFigures: 1,
    });

    // Forwarded, it waits for the street with a fresh deadline: no longer overdue.
    const forwarded = await reviewReport(tier.as(callers.communityOfficer), report.id, ReviewDecision.FORWARD, '同意上报街道');
    expect(forwarded).toMatchObject({ status: ReportStatus.AT_STREET, currentLevel: ReportLevel.STREET });
    expect(await observed(report.id)).toMatchObject({ overdue: false, streetReads: true, overdueInFigures: 0 });
  });
});

describe('the SQL twins agree with the TypeScript rules on rows in the database', () => {
  const now = new Date('2031-03-01T04:00:00.000Z');
  const ids: string[] = [];

  beforeAll(async () => {
    const em = tier.em.fork();
    const dues = [-DAY_MS, -1, 0, 1, DAY_MS];
    for (const status of Object.values(ReportStatus))
      for (const level of Object.values(ReportLevel))
        for (const due of dues)
          for (const reached of [false, true]) {
            const id = randomUUID();
            ids.push(id);
            em.create(MajorActivityReport, {
              id,
              organizationId: org.id,
              communityId: place.community,
              streetId: place.street,
              districtId: place.district,
              title: '测试活动',
              description: '对照规则与查询',
              kind: ActivityKind.OTHER,
              plannedStart: addDays(now, 10),
              plannedEnd: addDays(now, 11),
              location: '社区',
              expectedParticipants: 10,
              safetyMeasures: '安全措施齐全',
              contactName: '王秀兰',
              contactPhone: '13812345678',
              status,
              currentLevel: level,
              submittedAt: addDays(now, -3),
              levelSince: addDays(now, -3),
              levelDueAt: new Date(now.getTime() + due),
              reachedStreetAt: reached && level !== ReportLevel.COMMUNITY ? addDays(now, -2) : null,
              reachedDistrictAt: reached && level === ReportLevel.DISTRICT ? addDays(now, -1) : null,
            });
          }
    await em.flush();
  });

  async function rows() {
    return tier.em.fork().find(MajorActivityReport, { id: { $in: ids } });
  }

  it('overdue: the same reports, at the same instant', async () => {
    const overdue = overdueCondition(now);
    const sql = await tier.em
      .fork()
      .execute<{ id: string }[]>(
        `select id from major_activity_report where id = any(?::uuid[]) and ${overdue.sql}`,
        [uuidArray(ids), ...overdue.params],
        'all',
      );
    const ts = (await rows()).filter((r) => isOverdue(r, now));
    expect(ts.length).toBeGreaterThan(0);
    expect(ts.length).toBeLessThan(ids.length);
    expect(sql.map((r) => r.id).sort()).toEqual(ts.map((r) => r.id).sort());
  });

  it.each<CallerName>([
    'leader',
    'communityOfficer',
    'streetOfficer',
    'districtOfficer',
    'analyst',
    'otherStreetOfficer',
    'public',
  ])('visibility: %s reads the same reports in a list as one by one', async (caller) => {
    const readable = readableReports(callers[caller], now);
    const sql = await tier.em
      .fork()
      .execute<{ id: string }[]>(
        `select id from major_activity_report where id = any(?::uuid[]) and (${readable.sql})`,
        [uuidArray(ids), ...readable.params],
        'all',
      );
    const ts = (await rows()).filter((r) => canReadReport(callers[caller], r, now));
    expect(sql.map((r) => r.id).sort()).toEqual(ts.map((r) => r.id).sort());
  });
});
