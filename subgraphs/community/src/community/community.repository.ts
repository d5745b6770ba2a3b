import { uuidArray } from '@cso/platform';
import type { EntityManager } from '@mikro-orm/postgresql';

/** The district of each street this tier has communities of (a street's placement comes from its communities). */
export function districtsOfStreets(em: EntityManager, streetIds: readonly string[]) {
  return em.execute<{ street_id: string; district_id: string }[]>(
    `select distinct street_id, district_id from community where street_id = any(?::uuid[])`,
    [uuidArray(streetIds)],
    'all',
  );
}
