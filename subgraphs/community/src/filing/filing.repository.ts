import { keysetPage, SqlFilter, type Caller, type Page, type PageRequest } from '@cso/platform';
import type { EntityManager } from '@mikro-orm/postgresql';
import { FilingApplication } from './filing.entity.js';
import { OPEN_FILING_STATUSES } from './filing.enums.js';
import type { FilingFilter } from './filing.inputs.js';
import { readableFilings } from './filing.policy.js';

/** A list filter checked and reduced to SQL conditions, within the caller's jurisdiction. */
export function filingConditions(caller: Caller, filter: FilingFilter | null) {
  const scope = readableFilings(caller);
  return new SqlFilter()
    .add(scope.sql, ...scope.params)
    .id('communityId', 'community_id', filter?.communityId)
    .id('streetId', 'street_id', filter?.streetId)
    .id('organizationId', 'organization_id', filter?.organizationId)
    .equals('status', filter?.status)
    .equals('kind', filter?.kind)
    .checked();
}

/** A page of filing applications matching the conditions, oldest submission first. */
export function filingPage(
  em: EntityManager,
  conditions: { where: string[]; params: unknown[] },
  request: PageRequest,
): Promise<Page<FilingApplication>> {
  return keysetPage(
    { em, entity: FilingApplication, table: 'filing_application', sortColumn: 'submitted_at', ...conditions },
    request,
  );
}

/** 失信名单 True when the district has blacklisted the person with this identity number. */
export async function isBlacklisted(em: EntityManager, districtId: string, idNumber: string): Promise<boolean> {
  // em.execute runs inside em's transaction when em is one (getConnection() would take another connection).
  const rows = await em.execute<{ reason: string }[]>(
    `select reason from blacklisted_leader where district_id = ? and id_number = ?`,
    [districtId, idNumber.trim().toUpperCase()],
    'all',
  );
  return rows.length > 0;
}

/**
 * A name another living organization already uses: in the same community, or among the street's
 * street-level organizations. Call it inside the transaction after {@link lockName}.
 */
export async function nameTaken(
  em: EntityManager,
  place: { communityId: string | null; streetId: string },
  name: string,
  exceptId: string | null,
): Promise<boolean> {
  const [scope, id] = place.communityId
    ? ['community_id = ?', place.communityId]
    : ['community_id is null and street_id = ?', place.streetId];
  const rows = await em.execute<{ n: string }[]>(
    `select count(*) as n from organization where ${scope} and name = ? and status not in ('DISSOLVED', 'CANCELLED', 'REJECTED') and id <> ?`,
    [id, name.trim(), exceptId ?? '00000000-0000-0000-0000-000000000000'],
    'all',
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

/** Serializes the transactions that claim the same name in the same place (released at commit). */
export async function lockName(
  tx: EntityManager,
  place: { communityId: string | null; streetId: string },
  name: string,
): Promise<void> {
  await tx.execute(
    `select pg_advisory_xact_lock(hashtext(?))`,
    [`organization-name:${place.communityId ?? place.streetId}:${name.trim()}`],
    'all',
  );
}

/** True when an open change filing of the organization names this member as its new leader. */
export async function namedAsLeaderInOpenFiling(em: EntityManager, organizationId: string, memberId: string): Promise<boolean> {
  const rows = await em.execute<object[]>(
    `select 1 from filing_application where organization_id = ? and status in (${OPEN_FILING_STATUSES.map(() => '?').join(', ')}) and proposal->'changes'->>'leaderMemberId' = ?`,
    [organizationId, ...OPEN_FILING_STATUSES, memberId],
    'all',
  );
  return rows.length > 0;
}
