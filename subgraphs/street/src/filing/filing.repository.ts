import type { FilingForwarded } from '@cso/contracts';
import { keysetPage, rowReader, uuidArray, type EventContract, type Page, type PageRequest } from '@cso/platform';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { StreetFiling } from './filing.entity.js';
import { endedNotices } from './filing.policy.js';

/** The SQL of the filing context: the street's queue, notices, certificates, and the projection of the community's events. */

/** How a certificate voided by the district's cancellation is marked. */
export const CANCELLATION_PREFIX = '取消备案资格:';

type Conditions = { where: string[]; params: unknown[] };
type PayloadOf<C> = C extends EventContract<infer P> ? P : never;

/** One page of `street_filing` rows, by forwarding time (the street's queue, oldest first). */
export function forwardedFilingsPage(
  em: EntityManager,
  conditions: Conditions,
  request: PageRequest,
): Promise<Page<StreetFiling>> {
  return keysetPage({ em, entity: StreetFiling, table: 'street_filing', sortColumn: 'forwarded_at', ...conditions }, request);
}

/** One page of `street_filing` rows, by the end of their notice (ending soonest first). */
export function noticesPage(em: EntityManager, conditions: Conditions, request: PageRequest): Promise<Page<StreetFiling>> {
  return keysetPage({ em, entity: StreetFiling, table: 'street_filing', sortColumn: 'notice_ends_at', ...conditions }, request);
}

/** The latest filing the street received for each organization (one statement); in no particular order. */
export async function latestFilingsOf(em: EntityManager, organizationIds: readonly string[]): Promise<StreetFiling[]> {
  const rows = await em
    .getConnection()
    .execute<Record<string, unknown>[]>(
      `select distinct on (organization_id) * from street_filing where organization_id = any(?::uuid[]) order by organization_id, forwarded_at desc, id desc`,
      [uuidArray(organizationIds)],
      'all',
    );
  return rows.map(rowReader(em, StreetFiling));
}

export interface PlaceAtStreet {
  communityId: string | null;
  streetId: string;
  districtId: string;
  /** True while it holds a valid certificate. */
  filed: boolean;
}

/** What the street knows of organizations (from their latest forwarded filing): placement, and whether each is filed. One statement, in key order. */
export async function organizationsAtStreet(em: EntityManager, ids: readonly string[]): Promise<(PlaceAtStreet | null)[]> {
  const rows = await em.execute<
    { organization_id: string; community_id: string | null; street_id: string; district_id: string; filed: boolean }[]
  >(
    `select distinct on (f.organization_id) f.organization_id, f.community_id, f.street_id, f.district_id,
            exists (select 1 from certificate c where c.organization_id = f.organization_id and c.voided_at is null) as filed
     from street_filing f where f.organization_id = any(?::uuid[]) order by f.organization_id, f.forwarded_at desc`,
    [uuidArray(ids)],
    'all',
  );
  const byId = new Map(
    rows.map((r) => [
      r.organization_id,
      { communityId: r.community_id, streetId: r.street_id, districtId: r.district_id, filed: r.filed },
    ]),
  );
  return ids.map((id) => byId.get(id) ?? null);
}

/** A filing locked for a change (write), or for objections arriving together (read: not while the notice closes). */
export function lockFiling(tx: EntityManager, id: string, mode: 'write' | 'read'): Promise<StreetFiling | null> {
  return tx.findOne(
    StreetFiling,
    { id },
    { lockMode: mode === 'write' ? LockMode.PESSIMISTIC_WRITE : LockMode.PESSIMISTIC_READ },
  );
}

/**
 * Up to `limit` filings whose notice has ended at `now` with no pending or upheld objection, locked
 * with `skip locked` so that several street instances share the work without completing one twice.
 */
export async function lockEndedNotices(tx: EntityManager, now: Date, limit: number): Promise<StreetFiling[]> {
  const ended = endedNotices(now);
  const rows = await tx.execute<Record<string, unknown>[]>(
    `select * from street_filing f where ${ended.sql}
       and not exists (select 1 from objection o where o.filing_id = f.id and o.status in ('PENDING', 'UPHELD'))
     order by notice_ends_at, id limit ? for update skip locked`,
    [...ended.params, limit],
    'all',
  );
  return rows.map((row) => tx.map(StreetFiling, row));
}

/** The next certificate sequence number of a street and year (counted in the database, so never issued twice). */
export async function nextCertificateSequence(tx: EntityManager, streetId: string, year: number): Promise<number> {
  const [row] = await tx.execute<{ last: number }[]>(
    `insert into certificate_sequence (street_id, year, last) values (?, ?, 1)
     on conflict (street_id, year) do update set last = certificate_sequence.last + 1 returning last`,
    [streetId, year],
    'all',
  );
  return row!.last;
}

/** Voids the organization's valid certificate, if it has one. */
export async function voidCertificate(
  tx: EntityManager,
  organizationId: string,
  at: Date | string,
  reason: string,
): Promise<void> {
  await tx.execute(
    `update certificate set voided_at = ?, void_reason = ? where organization_id = ? and voided_at is null`,
    [at, reason, organizationId],
    'run',
  );
}

/**
 * Queues a forwarded filing (once, however often the event arrives). A forward that arrives after
 * the district cancelled the organization is recorded, already closed.
 */
export async function insertForwardedFiling(tx: EntityManager, p: PayloadOf<typeof FilingForwarded>): Promise<void> {
  await tx.execute(
    `insert into street_filing (id, kind, organization_id, organization_name, category, purpose, activity_area, applicant_name, community_id, street_id, district_id, round, forwarded_at, stage, version)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
       case when exists (select 1 from certificate where organization_id = ? and void_reason like ?) then 'CANCELLED' else 'PENDING' end::street_stage, 0)
     on conflict (id) do nothing`,
    [
      p.filingId,
      p.kind,
      p.organizationId,
      p.organizationName,
      p.category,
      p.purpose,
      p.activityArea,
      p.applicantName,
      p.communityId,
      p.streetId,
      p.districtId,
      p.round,
      p.forwardedAt,
      p.organizationId,
      `${CANCELLATION_PREFIX}%`,
    ],
    'run',
  );
}

/** Ends whatever was still open at the street for the organization (pending decisions, running notices). */
export async function cancelOpenFilings(tx: EntityManager, organizationId: string): Promise<void> {
  await tx.execute(
    `update street_filing set stage = 'CANCELLED', version = version + 1 where organization_id = ? and stage in ('PENDING', 'NOTICE')`,
    [organizationId],
    'run',
  );
}
