import { randomUUID } from 'node:crypto';
import { analyst, communityOfficer, districtOfficer, orgLeader, PUBLIC, streetOfficer } from '../__tests__/callers.js';
import {
  assertMayReadCommunityFigures,
  assertMayReadDistrictFigures,
  assertMayReadStreetFigures,
  assertMaySubmitMonthlyReport,
  expectedToReport,
  expectedToReportCondition,
  isFutureMonth,
  isLateReport,
  mayReadMonthlyReport,
  maySubmitMonthlyReport,
  monthEndsAt,
  monthlyReportDueAt,
  readableMonthlyReports,
} from './monthly.policy.js';

const FORBIDDEN = expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN', rule: 'JURISDICTION' }) });
const UNAUTHENTICATED = expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) });

describe('the Beijing calendar of monthly reports', () => {
  it('a report is due at 23:59:59.999 Beijing time on the due day of the next month', () => {
    expect(monthlyReportDueAt('2026-11', 10)).toEqual(new Date('2026-12-10T15:59:59.999Z'));
    expect(monthlyReportDueAt('2026-12', 10)).toEqual(new Date('2027-01-10T15:59:59.999Z'));
    expect(monthlyReportDueAt('2026-01', 28)).toEqual(new Date('2026-02-28T15:59:59.999Z'));
  });

  it('is on time at the due instant and late a millisecond later (still the due day in UTC)', () => {
    expect(isLateReport('2026-11', new Date('2026-12-10T15:59:59.999Z'), 10)).toBe(false);
    expect(isLateReport('2026-11', new Date('2026-12-10T16:00:00.000Z'), 10)).toBe(true);
    expect(isLateReport('2026-11', new Date('2026-12-10T16:00:00.000Z'), 11)).toBe(false);
  });

  it('a month ends at Beijing midnight, eight hours before UTC midnight', () => {
    expect(monthEndsAt('2026-11')).toEqual(new Date('2026-11-30T16:00:00.000Z'));
    expect(monthEndsAt('2026-12')).toEqual(new Date('2026-12-31T16:00:00.000Z'));
  });

  it('a month has begun once it has begun in Beijing', () => {
    const beijingFirstOfDecember = new Date('2026-11-30T16:30:00.000Z');
    expect(isFutureMonth('2026-12', beijingFirstOfDecember)).toBe(false);
    expect(isFutureMonth('2027-01', beijingFirstOfDecember)).toBe(true);
    expect(isFutureMonth('2026-12', new Date('2026-11-30T15:59:59.999Z'))).toBe(true);
  });

  it('an organization is expected to report when filed before the month ended and not voided by then', () => {
    const end = monthEndsAt('2026-11');
    const at = (ms: number) => new Date(end.getTime() + ms);
    expect(expectedToReport({ issuedAt: at(-1), voidedAt: null }, '2026-11')).toBe(true);
    expect(expectedToReport({ issuedAt: end, voidedAt: null }, '2026-11')).toBe(false);
    expect(expectedToReport({ issuedAt: at(-1000), voidedAt: end }, '2026-11')).toBe(true);
    expect(expectedToReport({ issuedAt: at(-1000), voidedAt: at(-1) }, '2026-11')).toBe(false);
    expect(expectedToReportCondition('2026-11')).toEqual({
      sql: 'issued_at < ? and (voided_at is null or voided_at >= ?)',
      params: [end, end],
    });
  });
});

describe('who submits and reads monthly reports', () => {
  const organizationId = randomUUID();
  const place = { districtId: randomUUID(), streetId: randomUUID(), communityId: randomUUID() };

  it('the organization’s own leader and the officer of its community submit', () => {
    expect(maySubmitMonthlyReport(orgLeader(organizationId), organizationId, place)).toBe(true);
    expect(maySubmitMonthlyReport(communityOfficer(place.communityId), organizationId, place)).toBe(true);
    for (const caller of [
      orgLeader(randomUUID()),
      communityOfficer(randomUUID()),
      streetOfficer(place.streetId),
      districtOfficer(place.districtId),
      PUBLIC,
    ])
      expect(maySubmitMonthlyReport(caller, organizationId, place)).toBe(false);
    expect(() => assertMaySubmitMonthlyReport(orgLeader(randomUUID()), organizationId, place)).toThrow(FORBIDDEN);
  });

  it('a street-level organization (no community) is submitted for by its leader only', () => {
    const streetLevel = { ...place, communityId: null };
    expect(maySubmitMonthlyReport(communityOfficer(place.communityId), organizationId, streetLevel)).toBe(false);
    expect(maySubmitMonthlyReport(orgLeader(organizationId), organizationId, streetLevel)).toBe(true);
  });

  it('reports are read within the caller’s jurisdiction; the SQL twin scopes by the caller’s claim', () => {
    const report = { ...place, organizationId };
    expect(mayReadMonthlyReport(streetOfficer(place.streetId), report)).toBe(true);
    expect(mayReadMonthlyReport(orgLeader(organizationId), report)).toBe(true);
    expect(mayReadMonthlyReport(communityOfficer(randomUUID()), report)).toBe(false);
    expect(readableMonthlyReports(orgLeader(organizationId))).toEqual({ sql: '"organization_id" = ?', params: [organizationId] });
    expect(() => readableMonthlyReports(PUBLIC)).toThrow(UNAUTHENTICATED);
  });
});

describe('who sees the compliance figures (the one shared rule for figures)', () => {
  const districtId = randomUUID();
  const street = { id: randomUUID(), districtId };
  const communityId = randomUUID();
  const place = { streetId: street.id, districtId };

  it('a district’s: its officers and analysts only', () => {
    expect(() => assertMayReadDistrictFigures(districtOfficer(districtId), districtId)).not.toThrow();
    expect(() => assertMayReadDistrictFigures(analyst(districtId), districtId)).not.toThrow();
    expect(() => assertMayReadDistrictFigures(districtOfficer(randomUUID()), districtId)).toThrow(FORBIDDEN);
    expect(() => assertMayReadDistrictFigures(streetOfficer(street.id), districtId)).toThrow(FORBIDDEN);
    expect(() => assertMayReadDistrictFigures(PUBLIC, districtId)).toThrow(UNAUTHENTICATED);
  });

  it('a street’s: its own officers and its district’s; no community officer or leader', () => {
    expect(() => assertMayReadStreetFigures(streetOfficer(street.id), street)).not.toThrow();
    expect(() => assertMayReadStreetFigures(analyst(districtId), street)).not.toThrow();
    expect(() => assertMayReadStreetFigures(streetOfficer(randomUUID()), street)).toThrow(FORBIDDEN);
    expect(() => assertMayReadStreetFigures(districtOfficer(randomUUID()), street)).toThrow(FORBIDDEN);
    expect(() => assertMayReadStreetFigures(communityOfficer(communityId), street)).toThrow(FORBIDDEN);
    expect(() => assertMayReadStreetFigures(orgLeader(randomUUID()), street)).toThrow(FORBIDDEN);
  });

  it('a community’s: its own officer, and the officers above it where the street knows its place', () => {
    expect(() => assertMayReadCommunityFigures(communityOfficer(communityId), communityId, place)).not.toThrow();
    expect(() => assertMayReadCommunityFigures(streetOfficer(street.id), communityId, place)).not.toThrow();
    expect(() => assertMayReadCommunityFigures(districtOfficer(districtId), communityId, place)).not.toThrow();
    expect(() => assertMayReadCommunityFigures(communityOfficer(randomUUID()), communityId, place)).toThrow(FORBIDDEN);
    expect(() => assertMayReadCommunityFigures(streetOfficer(randomUUID()), communityId, place)).toThrow(FORBIDDEN);
    expect(() => assertMayReadCommunityFigures(districtOfficer(randomUUID()), communityId, place)).toThrow(FORBIDDEN);
    expect(() => assertMayReadCommunityFigures(orgLeader(randomUUID()), communityId, place)).toThrow(FORBIDDEN);
  });

  it('a community the street knows nothing of has only zeros: officers above may ask, another community’s officer may not', () => {
    expect(() => assertMayReadCommunityFigures(districtOfficer(randomUUID()), communityId, null)).not.toThrow();
    expect(() => assertMayReadCommunityFigures(streetOfficer(randomUUID()), communityId, null)).not.toThrow();
    expect(() => assertMayReadCommunityFigures(communityOfficer(randomUUID()), communityId, null)).toThrow(FORBIDDEN);
    expect(() => assertMayReadCommunityFigures(orgLeader(randomUUID()), communityId, null)).toThrow(FORBIDDEN);
  });
});
