import type { FilingProgressed } from '@cso/contracts';
import { keysetPage, type EventContract, type Page, type PageRequest } from '@cso/platform';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BlacklistEntry, FiledOrganization } from './filing.entity.js';

type PayloadOf<C> = C extends EventContract<infer P> ? P : never;

/** The register entry of an organization, locked for a change of its status; null when the district never registered it. */
export function lockedRegisterEntry(tx: EntityManager, organizationId: string): Promise<FiledOrganization | null> {
  return tx.findOne(FiledOrganization, { organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
}

/**
 * Applies a completed filing (new, change or dissolution) to the register. An older event never
 * overwrites a newer one, and a cancellation (the district's own decision) is final.
 */
export async function registerCompletedFiling(tx: EntityManager, p: PayloadOf<typeof FilingProgressed>): Promise<void> {
  const status = p.kind === 'DISSOLUTION' ? 'DISSOLVED' : 'FILED';
  await tx.execute(
    `insert into filed_organization (organization_id, district_id, street_id, community_id, name, status, as_of) values (?, ?, ?, ?, ?, ?, ?)
     on conflict (organization_id) do update set name = excluded.name, status = excluded.status, as_of = excluded.as_of
     where filed_organization.as_of <= excluded.as_of and filed_organization.status <> 'CANCELLED'`,
    [p.organizationId, p.districtId, p.streetId, p.communityId, p.organizationName, status, p.at],
    'run',
  );
}

/** True when the person is on the district's blacklist already. */
export async function isBlacklisted(tx: EntityManager, districtId: string, idNumber: string): Promise<boolean> {
  return (await tx.count(BlacklistEntry, { districtId, idNumber })) > 0;
}

/** A page of a district's blacklist, newest first, within what `readable` (the policy's SQL twin) lets the caller see. */
export function blacklistPage(
  em: EntityManager,
  districtId: string,
  readable: { sql: string; params: unknown[] },
  request: PageRequest,
): Promise<Page<BlacklistEntry>> {
  return keysetPage(
    {
      em,
      entity: BlacklistEntry,
      table: 'blacklist_entry',
      sortColumn: 'listed_at',
      where: ['"district_id" = ?', readable.sql],
      params: [districtId, ...readable.params],
      descending: true,
    },
    request,
  );
}
