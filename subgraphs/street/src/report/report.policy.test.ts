import { randomUUID } from 'node:crypto';
import { communityOfficer, districtOfficer, orgLeader, PUBLIC, streetOfficer } from '../__tests__/callers.js';
import { StreetReport } from './report.entity.js';
import {
  assertMayReadReportReview,
  assertMayReviewReport,
  districtReviewDueAt,
  mayReadReportReview,
  mayReviewReport,
} from './report.policy.js';

const row = Object.assign(new StreetReport(), {
  reportId: randomUUID(),
  round: 1,
  organizationId: randomUUID(),
  communityId: randomUUID(),
  streetId: randomUUID(),
  districtId: randomUUID(),
});

describe('major-activity reports at the street (重大活动汇报)', () => {
  it('are reviewed by the officers of the report’s own street branch only', () => {
    expect(mayReviewReport(streetOfficer(row.streetId), row)).toBe(true);
    for (const caller of [
      streetOfficer(randomUUID()),
      districtOfficer(row.districtId),
      communityOfficer(row.communityId),
      PUBLIC,
    ])
      expect(mayReviewReport(caller, row)).toBe(false);
    expect(() => assertMayReviewReport(streetOfficer(randomUUID()), row)).toThrow(
      expect.objectContaining({ extensions: { code: 'FORBIDDEN', rule: 'JURISDICTION' } }),
    );
  });

  it('the street’s review is read within the caller’s jurisdiction, the organization’s leader included', () => {
    expect(mayReadReportReview(orgLeader(row.organizationId), row)).toBe(true);
    expect(mayReadReportReview(communityOfficer(row.communityId), row)).toBe(true);
    expect(mayReadReportReview(communityOfficer(randomUUID()), row)).toBe(false);
    expect(() => assertMayReadReportReview(districtOfficer(randomUUID()), row)).toThrow(
      expect.objectContaining({ extensions: { code: 'FORBIDDEN', rule: 'JURISDICTION' } }),
    );
    expect(() => assertMayReadReportReview(PUBLIC, row)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }),
    );
  });

  it('a forwarded report is due at the district the district’s review days later', () => {
    expect(districtReviewDueAt(new Date('2026-11-03T02:00:00.000Z'), 2)).toEqual(new Date('2026-11-05T02:00:00.000Z'));
  });
});
