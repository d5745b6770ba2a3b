import { uuidArray } from '@cso/platform';
import type { EntityManager } from '@mikro-orm/postgresql';

/** Member and party-member counts of each organization that has members, counted from the roster (write paths check with it). */
export function memberCounts(em: EntityManager, organizationIds: readonly string[]) {
  return em.execute<{ organization_id: string; members: string; party: string }[]>(
    `select organization_id, count(*) as members, count(*) filter (where is_party_member) as party
     from member where organization_id = any(?::uuid[]) group by organization_id`,
    [uuidArray(organizationIds)],
    'all',
  );
}

/** The counts kept in each organization's row (see Organization.memberCount), in one statement. */
export function keptMemberCounts(em: EntityManager, organizationIds: readonly string[]) {
  return em.execute<{ organization_id: string; members: number; party: number }[]>(
    `select id as organization_id, member_count as members, party_member_count as party from organization where id = any(?::uuid[])`,
    [uuidArray(organizationIds)],
    'all',
  );
}

/** Keeps the counts in the organization row when the roster changes (in the transaction of the change). */
export function adjustMemberCounts(tx: EntityManager, organizationId: string, members: number, partyMembers: number) {
  return tx.execute(
    `update organization set member_count = member_count + ?, party_member_count = party_member_count + ? where id = ?`,
    [members, partyMembers, organizationId],
    'run',
  );
}

/** The leader row of each organization (a read: plain rows). */
export function leadersOf(em: EntityManager, organizationIds: readonly string[]) {
  return em.execute<Record<string, unknown>[]>(
    `select * from member where organization_id = any(?::uuid[]) and role = 'LEADER'`,
    [uuidArray(organizationIds)],
    'all',
  );
}
