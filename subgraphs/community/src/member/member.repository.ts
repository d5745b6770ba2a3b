import { uuidArray } from '@cso/platform';
import type { EntityManager } from '@mikro-orm/postgresql';

/** Member and party-member counts of each organization that has members, in one grouped statement. */
export function memberCounts(em: EntityManager, organizationIds: readonly string[]) {
  return em.execute<{ organization_id: string; members: string; party: string }[]>(
    `select organization_id, count(*) as members, count(*) filter (where is_party_member) as party
     from member where organization_id = any(?::uuid[]) group by organization_id`,
    [uuidArray(organizationIds)],
    'all',
  );
}
