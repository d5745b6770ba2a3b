import { addDays, DAY_MS, HOUR_MS, ProblemList, zonedTime } from '@cso/platform';
import { callers, place, thrown, type CallerName } from '../__tests__/callers.js';
import type { Organization } from '../organization/organization.entity.js';
import type { MajorActivityReport } from './report.entity.js';
import { ReportLevel, ReportStatus } from './report.enums.js';
import {
  assertCanReportFor,
  assertCanReviewReport,
  canReadReport,
  isOverdue,
  overdueCondition,
  readableReports,
} from './report.policy.js';
import { earliestStart, reportProblems } from './report.rules.js';

const NOW = new Date('2026-12-01T02:00:00.000Z');

function report(fields: Partial<MajorActivityReport> = {}): MajorActivityReport {
  return {
    id: 'r',
    organizationId: place.organization,
    communityId: place.community,
    streetId: place.street,
    districtId: place.district,
    status: ReportStatus.SUBMITTED,
    currentLevel: ReportLevel.COMMUNITY,
    levelDueAt: addDays(NOW, 2),
    reachedStreetAt: null,
    reachedDistrictAt: null,
    ...fields,
  } as MajorActivityReport;
}

describe('the overdue predicate', () => {
  const past = new Date(NOW.getTime() - 1);

  it.each([ReportStatus.SUBMITTED, ReportStatus.AT_STREET, ReportStatus.AT_DISTRICT])(
    'a %s report is overdue once its level’s due time has passed, not before, not at it',
    (status) => {
      expect(isOverdue(report({ status, levelDueAt: past }), NOW)).toBe(true);
      expect(isOverdue(report({ status, levelDueAt: NOW }), NOW)).toBe(false);
      expect(isOverdue(report({ status, levelDueAt: addDays(NOW, 1) }), NOW)).toBe(false);
    },
  );

  it.each([ReportStatus.RETURNED, ReportStatus.APPROVED, ReportStatus.REJECTED, ReportStatus.WITHDRAWN])(
    'a %s report waits for no level: never overdue',
    (status) => {
      expect(isOverdue(report({ status, levelDueAt: addDays(NOW, -30) }), NOW)).toBe(false);
    },
  );

  it('has an SQL twin that takes the same instant as a parameter (checked against rows in report.service.test.ts)', () => {
    expect(overdueCondition(NOW)).toEqual({ sql: expect.stringContaining('level_due_at < ?'), params: [NOW] });
  });
});

describe('who reads a report', () => {
  const atCommunity = report();
  const overdueAtCommunity = report({ levelDueAt: addDays(NOW, -1) });
  const atStreet = report({
    status: ReportStatus.AT_STREET,
    currentLevel: ReportLevel.STREET,
    reachedStreetAt: addDays(NOW, -1),
  });
  const overdueAtStreet = report({ ...atStreet, levelDueAt: addDays(NOW, -1) });
  const atDistrict = report({
    ...atStreet,
    status: ReportStatus.AT_DISTRICT,
    currentLevel: ReportLevel.DISTRICT,
    reachedDistrictAt: NOW,
  });
  const reports = { atCommunity, overdueAtCommunity, atStreet, overdueAtStreet, atDistrict };

  it.each<[CallerName, (keyof typeof reports)[]]>([
    ['leader', ['atCommunity', 'overdueAtCommunity', 'atStreet', 'overdueAtStreet', 'atDistrict']],
    ['communityOfficer', ['atCommunity', 'overdueAtCommunity', 'atStreet', 'overdueAtStreet', 'atDistrict']],
    ['analyst', ['atCommunity', 'overdueAtCommunity', 'atStreet', 'overdueAtStreet', 'atDistrict']],
    // The level above sees what is overdue below it.
    ['streetOfficer', ['overdueAtCommunity', 'atStreet', 'overdueAtStreet', 'atDistrict']],
    ['districtOfficer', ['overdueAtStreet', 'atDistrict']],
    ['otherLeader', []],
    ['otherCommunityOfficer', []],
    ['otherStreetOfficer', []],
    ['otherDistrictOfficer', []],
    ['public', []],
  ])('%s reads %j', (caller, readable) => {
    const seen = Object.entries(reports)
      .filter(([, r]) => canReadReport(callers[caller], r, NOW))
      .map(([name]) => name);
    expect(seen).toEqual(readable);
  });

  it('has an SQL twin: nothing for the public, the overdue predicate inside for the levels above', () => {
    expect(readableReports(callers.public, NOW)).toEqual({ sql: 'false', params: [] });
    expect(readableReports(callers.streetOfficer, NOW).sql).toContain(overdueCondition(NOW).sql);
    expect(readableReports(callers.districtOfficer, NOW).params).toEqual([place.district, NOW]);
  });
});

describe('who reports and who reviews', () => {
  const org = { id: place.organization, community: place.community, streetId: place.street } as Organization;

  it('the organization’s leader or its community officer reports its activities', () => {
    expect(() => assertCanReportFor(callers.leader, org)).not.toThrow();
    expect(() => assertCanReportFor(callers.communityOfficer, org)).not.toThrow();
    for (const caller of ['otherLeader', 'otherCommunityOfficer', 'streetOfficer', 'districtOfficer'] as const)
      expect(thrown(() => assertCanReportFor(callers[caller], org))).toMatchObject({ code: 'FORBIDDEN', rule: 'JURISDICTION' });
  });

  it('the community committee of the report reviews it here', () => {
    expect(() => assertCanReviewReport(callers.communityOfficer, report())).not.toThrow();
    for (const caller of ['otherCommunityOfficer', 'leader', 'streetOfficer'] as const)
      expect(thrown(() => assertCanReviewReport(callers[caller], report())).code).toBe('FORBIDDEN');
  });
});

describe('the lead time of a major activity (Beijing calendar days)', () => {
  const lead = (start: Date, now: Date, leadDays = 7) => {
    const problems = new ProblemList();
    reportProblems(problems, { plannedStart: start }, 'input', leadDays, now);
    return problems.problems.map((p) => p.code);
  };

  it('counts days from today in Beijing, whatever the hour', () => {
    // 23:30 on 1 December in Beijing (15:30 UTC): the activity may start from 8 December, 00:00 Beijing.
    const lateEvening = zonedTime('2026-12-01', 23, 30);
    expect(earliestStart(lateEvening, 7)).toEqual(zonedTime('2026-12-08'));
    expect(lead(zonedTime('2026-12-08'), lateEvening)).toEqual([]);
    expect(lead(new Date(zonedTime('2026-12-08').getTime() - 1), lateEvening)).toEqual(['LEAD_TIME']);
  });

  it('starts a new day at midnight in Beijing, while it is still the day before in UTC', () => {
    // 00:30 on 2 December in Beijing is 16:30 on 1 December in UTC: the earliest start is 9 December.
    const afterMidnight = zonedTime('2026-12-02', 0, 30);
    expect(afterMidnight.toISOString()).toBe('2026-12-01T16:30:00.000Z');
    expect(lead(zonedTime('2026-12-08', 23, 59), afterMidnight)).toEqual(['LEAD_TIME']);
    expect(lead(zonedTime('2026-12-09', 8), afterMidnight)).toEqual([]);
  });

  it('follows the district’s lead days', () => {
    const now = zonedTime('2026-12-01', 10);
    expect(lead(addDays(now, 3), now, 3)).toEqual([]);
    expect(lead(new Date(now.getTime() + 2 * DAY_MS + 12 * HOUR_MS), now, 3)).toEqual(['LEAD_TIME']);
  });
});
