import { randomUUID } from 'node:crypto';
import { addDays } from '@cso/platform';
import { communityOfficer, districtOfficer, orgLeader, PUBLIC, streetOfficer } from '../__tests__/callers.js';
import { certificateNumber, certificateYear } from './certificate-number.js';
import { StreetStage } from './filing.enums.js';
import {
  assertMayDecideFiling,
  assertMayReadFiling,
  endedNotices,
  mayDecideFiling,
  mayReadFiling,
  mayReadObjectionContact,
  noticeHasEnded,
  noticeIsOpen,
  noticePeriod,
  openNotices,
  readableFilings,
  type FilingFacts,
} from './filing.policy.js';

const filing = (overrides: Partial<FilingFacts> = {}): FilingFacts => ({
  districtId: randomUUID(),
  streetId: randomUUID(),
  communityId: randomUUID(),
  organizationId: randomUUID(),
  stage: StreetStage.PENDING,
  noticeEndsAt: null,
  ...overrides,
});

describe('who decides a filing (街道审核)', () => {
  const f = filing();

  it('the officers of the filing’s own street branch, and nobody else', () => {
    expect(mayDecideFiling(streetOfficer(f.streetId), f)).toBe(true);
    expect(mayDecideFiling(streetOfficer(randomUUID()), f)).toBe(false);
    expect(mayDecideFiling(districtOfficer(f.districtId), f)).toBe(false);
    expect(mayDecideFiling(communityOfficer(f.communityId!), f)).toBe(false);
    expect(mayDecideFiling(PUBLIC, f)).toBe(false);
  });

  it('refuses with FORBIDDEN, rule JURISDICTION', () => {
    expect(() => assertMayDecideFiling(streetOfficer(randomUUID()), f)).toThrow(
      expect.objectContaining({ extensions: { code: 'FORBIDDEN', rule: 'JURISDICTION' } }),
    );
    expect(() => assertMayDecideFiling(streetOfficer(f.streetId), f)).not.toThrow();
  });
});

describe('who reads the street’s part of a filing', () => {
  const f = filing();

  it('whoever’s jurisdiction covers it: district, street, community, the organization’s leader', () => {
    for (const caller of [
      districtOfficer(f.districtId),
      streetOfficer(f.streetId),
      communityOfficer(f.communityId!),
      orgLeader(f.organizationId),
    ])
      expect(mayReadFiling(caller, f)).toBe(true);
    for (const caller of [
      districtOfficer(randomUUID()),
      streetOfficer(randomUUID()),
      communityOfficer(randomUUID()),
      orgLeader(randomUUID()),
      PUBLIC,
    ])
      expect(mayReadFiling(caller, f)).toBe(false);
  });

  it('a street-level organization (no community) is never a community officer’s', () => {
    const streetLevel = filing({ communityId: null });
    expect(mayReadFiling(communityOfficer(randomUUID()), streetLevel)).toBe(false);
    expect(mayReadFiling(streetOfficer(streetLevel.streetId), streetLevel)).toBe(true);
  });

  it('refuses the public with FORBIDDEN (the notice is public, the queue entry is not)', () => {
    expect(() => assertMayReadFiling(PUBLIC, f)).toThrow(
      expect.objectContaining({ extensions: { code: 'FORBIDDEN', rule: 'JURISDICTION' } }),
    );
  });

  it('has an SQL twin that scopes the queue by the caller’s own claim, and none for the public', () => {
    expect(readableFilings(streetOfficer(f.streetId))).toEqual({ sql: '"street_id" = ?', params: [f.streetId] });
    expect(readableFilings(communityOfficer(f.communityId!))).toEqual({ sql: '"community_id" = ?', params: [f.communityId] });
    expect(() => readableFilings(PUBLIC)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }),
    );
  });
});

describe('objection contacts (异议联系人)', () => {
  it('are for the officers of the notice’s street only', () => {
    const f = filing();
    expect(mayReadObjectionContact(streetOfficer(f.streetId), f)).toBe(true);
    expect(mayReadObjectionContact(streetOfficer(randomUUID()), f)).toBe(false);
    expect(mayReadObjectionContact(districtOfficer(f.districtId), f)).toBe(false);
    expect(mayReadObjectionContact(communityOfficer(f.communityId!), f)).toBe(false);
    expect(mayReadObjectionContact(streetOfficer(f.streetId), null)).toBe(false);
  });
});

describe('the public notice (公示)', () => {
  const decidedAt = new Date('2026-11-03T02:00:00.000Z');
  const { startsAt, endsAt } = noticePeriod(decidedAt, 7);

  it('runs the district’s notice days from the decision', () => {
    expect(startsAt).toEqual(decidedAt);
    expect(endsAt).toEqual(new Date('2026-11-10T02:00:00.000Z'));
    expect(noticePeriod(decidedAt, 0).endsAt).toEqual(decidedAt);
  });

  it('is open until its end, and ended from the instant of its end', () => {
    const notice = { stage: StreetStage.NOTICE, noticeEndsAt: endsAt };
    const justBefore = new Date(endsAt.getTime() - 1);
    expect(noticeIsOpen(notice, justBefore)).toBe(true);
    expect(noticeHasEnded(notice, justBefore)).toBe(false);
    expect(noticeIsOpen(notice, endsAt)).toBe(false);
    expect(noticeHasEnded(notice, endsAt)).toBe(true);
  });

  it('is closed at any other stage, whatever the time (an upheld objection closes it)', () => {
    for (const stage of [StreetStage.OBJECTION_UPHELD, StreetStage.COMPLETED, StreetStage.CANCELLED, StreetStage.PENDING]) {
      expect(noticeIsOpen({ stage, noticeEndsAt: endsAt }, decidedAt)).toBe(false);
      expect(noticeHasEnded({ stage, noticeEndsAt: addDays(endsAt, -30) }, endsAt)).toBe(false);
    }
  });

  it('has SQL twins that compare with the clock’s time, given as a parameter (never the database’s now())', () => {
    const now = new Date('2026-11-20T00:00:00.000Z');
    expect(openNotices(now)).toEqual({ sql: `"stage" = 'NOTICE' and "notice_ends_at" > ?`, params: [now] });
    expect(endedNotices(now)).toEqual({ sql: `"stage" = 'NOTICE' and "notice_ends_at" <= ?`, params: [now] });
  });
});

describe('the certificate number (备案证书编号)', () => {
  it('is {street code}-{year}-{four-digit sequence}', () => {
    expect(certificateNumber('GFD', 2026, 7)).toBe('GFD-2026-0007');
    expect(certificateNumber('GFD', 2026, 12345)).toBe('GFD-2026-12345');
  });

  it('carries the Beijing year of issue: 00:30 on 1 January in Beijing is still 31 December in UTC', () => {
    const newYearInBeijing = new Date('2026-12-31T16:30:00.000Z');
    expect(newYearInBeijing.getUTCFullYear()).toBe(2026);
    expect(certificateYear(newYearInBeijing)).toBe(2027);
    expect(certificateYear(new Date('2026-12-31T15:59:59.999Z'))).toBe(2026);
  });
});
