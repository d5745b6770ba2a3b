import { covers, isRole, isStreetOfficerOf, jurisdictionCondition, type Placement } from '@cso/contracts';
import { addDays, ForbiddenError, UnauthenticatedError, type Caller } from '@cso/platform';
import { StreetStage } from './filing.enums.js';

/**
 * The street's rules for filings: who decides them, who reads them, and when a public notice runs.
 * Each rule is a named function; where a list query applies it, its SQL twin sits beside it.
 */

/** What a rule needs of a filing: where it sits, and its notice. */
export interface FilingFacts {
  districtId: string;
  streetId: string;
  communityId: string | null;
  organizationId: string;
  stage: StreetStage;
  noticeEndsAt: Date | null;
}

export function placementOf(filing: FilingFacts): Placement {
  return {
    districtId: filing.districtId,
    streetId: filing.streetId,
    communityId: filing.communityId,
    organizationId: filing.organizationId,
  };
}

/** 街道审核 A forwarded filing is decided, and its objections resolved, by the officers of its own street branch. */
export function mayDecideFiling(caller: Caller, filing: Pick<FilingFacts, 'streetId'>): boolean {
  return isStreetOfficerOf(caller, filing.streetId);
}

export function assertMayDecideFiling(caller: Caller, filing: Pick<FilingFacts, 'streetId'>): void {
  if (!mayDecideFiling(caller, filing))
    throw new ForbiddenError('Only the officers of this street branch decide its filings', 'JURISDICTION');
}

/** The street's part of a filing (queue entry, decision) is read within the caller's jurisdiction. */
export function mayReadFiling(caller: Caller, filing: FilingFacts): boolean {
  return covers(caller, placementOf(filing));
}

export function assertMayReadFiling(caller: Caller, filing: FilingFacts): void {
  if (!mayReadFiling(caller, filing)) throw new ForbiddenError('This filing is outside your jurisdiction', 'JURISDICTION');
}

/** The SQL twin of {@link mayReadFiling}: the street's queue shows the filings within the caller's jurisdiction. */
export function readableFilings(caller: Caller): { sql: string; params: unknown[] } {
  if (caller.kind !== 'user') throw new UnauthenticatedError();
  return jurisdictionCondition(caller);
}

/** Only a street officer may be one of a notice's street officers: for anyone else the notice need not be loaded. */
export function mightReadObjectionContact(caller: Caller): boolean {
  return isRole(caller, 'STREET_OFFICER');
}

/** 异议联系人 An objector's name and phone are for the officers of the notice's street branch only. */
export function mayReadObjectionContact(caller: Caller, filing: Pick<FilingFacts, 'streetId'> | null): boolean {
  return filing !== null && isStreetOfficerOf(caller, filing.streetId);
}

/** 公示期 An approved filing's notice runs for the district's notice days from the decision. */
export function noticePeriod(decidedAt: Date, publicNoticeDays: number): { startsAt: Date; endsAt: Date } {
  return { startsAt: decidedAt, endsAt: addDays(decidedAt, publicNoticeDays) };
}

/**
 * 公示中 A notice receives objections while it runs: the filing is at NOTICE (no objection upheld,
 * not completed) and its end has not come. The one predicate for `isOpen`, for objections, for the
 * list of running notices and (negated) for the sweep that ends notices.
 */
export function noticeIsOpen(filing: Pick<FilingFacts, 'stage' | 'noticeEndsAt'>, now: Date): boolean {
  return filing.stage === StreetStage.NOTICE && filing.noticeEndsAt !== null && filing.noticeEndsAt > now;
}

/** The SQL twin of {@link noticeIsOpen} (columns of `street_filing`). */
export function openNotices(now: Date): { sql: string; params: unknown[] } {
  return { sql: `"stage" = 'NOTICE' and "notice_ends_at" > ?`, params: [now] };
}

/** 公示期满 A notice has ended: still at NOTICE, and its end has come (the sweep then completes it, objections permitting). */
export function noticeHasEnded(filing: Pick<FilingFacts, 'stage' | 'noticeEndsAt'>, now: Date): boolean {
  return filing.stage === StreetStage.NOTICE && filing.noticeEndsAt !== null && filing.noticeEndsAt <= now;
}

/** The SQL twin of {@link noticeHasEnded} (columns of `street_filing`). */
export function endedNotices(now: Date): { sql: string; params: unknown[] } {
  return { sql: `"stage" = 'NOTICE' and "notice_ends_at" <= ?`, params: [now] };
}
