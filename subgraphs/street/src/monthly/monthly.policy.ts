import { assertMayReadFigures, covers, isCommunityOfficerOf, isRole, jurisdictionCondition } from '@cso/contracts';
import { firstDayOfNextMonth, ForbiddenError, localMonth, UnauthenticatedError, zonedTime, type Caller } from '@cso/platform';

/**
 * The street's rules for monthly reports (月报): who submits and reads them, who sees the
 * compliance figures, and the Beijing calendar that makes a report late or an organization
 * expected to report. The TypeScript check and its SQL twin side by side.
 */

/** Where the street knows an organization sits (from its latest forwarded filing). */
export interface OrganizationPlace {
  communityId: string | null;
  streetId: string;
  districtId: string;
}

/** 提交月报 A monthly report is submitted by the organization's own leader or the officer of its community. */
export function maySubmitMonthlyReport(caller: Caller, organizationId: string, place: OrganizationPlace): boolean {
  return (
    (isRole(caller, 'ORG_LEADER') && caller.organizationId === organizationId) || isCommunityOfficerOf(caller, place.communityId)
  );
}

export function assertMaySubmitMonthlyReport(caller: Caller, organizationId: string, place: OrganizationPlace): void {
  if (!maySubmitMonthlyReport(caller, organizationId, place))
    throw new ForbiddenError(
      'Only the organization’s leader or its community officer submits its monthly reports',
      'JURISDICTION',
    );
}

/** 月报 Monthly reports are read within the caller's jurisdiction (a leader: the own organization's). */
export function mayReadMonthlyReport(caller: Caller, report: OrganizationPlace & { organizationId: string }): boolean {
  return covers(caller, report);
}

/** The SQL twin of {@link mayReadMonthlyReport} (columns of `monthly_report`); UNAUTHENTICATED for the public. */
export function readableMonthlyReports(caller: Caller): { sql: string; params: unknown[] } {
  if (caller.kind !== 'user') throw new UnauthenticatedError();
  return jurisdictionCondition(caller);
}

/** 月报合规 A district's figures: the one shared rule for figures (its officers and analysts). */
export function assertMayReadDistrictFigures(caller: Caller, districtId: string): void {
  assertMayReadFigures(caller, { level: 'DISTRICT', districtId });
}

/** A street's figures: the street's officers, and the district's officers and analysts. */
export function assertMayReadStreetFigures(caller: Caller, street: { id: string; districtId: string }): void {
  assertMayReadFigures(caller, { level: 'STREET', streetId: street.id, districtId: street.districtId });
}

/**
 * A community's figures, placed by what the street knows of it (from its organizations'
 * certificates). A community the street knows nothing of has only zeros to show: its place is null.
 */
export function assertMayReadCommunityFigures(
  caller: Caller,
  communityId: string,
  place: { streetId: string; districtId: string } | null,
): void {
  assertMayReadFigures(caller, {
    level: 'COMMUNITY',
    communityId,
    streetId: place?.streetId ?? null,
    districtId: place?.districtId ?? null,
  });
}

/** The YYYY-MM of an instant, in Beijing. */
export const monthOf = (at: Date): string => localMonth(at);

/** A month that has not begun (in Beijing) cannot be reported. */
export function isFutureMonth(month: string, now: Date): boolean {
  return month > monthOf(now);
}

/** 截止 The instant a month's report is due: the end (23:59:59.999, Beijing) of the due day of the next month. */
export function monthlyReportDueAt(month: string, dueDay: number): Date {
  return zonedTime(`${firstDayOfNextMonth(month).slice(0, 8)}${String(dueDay).padStart(2, '0')}`, 23, 59, 59, 999);
}

/** 逾期 A report submitted after its due instant is late. */
export function isLateReport(month: string, submittedAt: Date, dueDay: number): boolean {
  return submittedAt > monthlyReportDueAt(month, dueDay);
}

/** The instant a month ends: midnight (Beijing) at the start of the next month. */
export function monthEndsAt(month: string): Date {
  return zonedTime(firstDayOfNextMonth(month));
}

/**
 * 应报 An organization is expected to report for a month when its certificate was issued before the
 * month ended and was not voided by then.
 */
export function expectedToReport(certificate: { issuedAt: Date; voidedAt: Date | null }, month: string): boolean {
  const end = monthEndsAt(month);
  return certificate.issuedAt < end && (certificate.voidedAt === null || certificate.voidedAt >= end);
}

/** The SQL twin of {@link expectedToReport} (columns of `certificate`). */
export function expectedToReportCondition(month: string): { sql: string; params: unknown[] } {
  const end = monthEndsAt(month);
  return { sql: `issued_at < ? and (voided_at is null or voided_at >= ?)`, params: [end, end] };
}
