import { rowReader } from '@cso/platform';
import type { EntityManager } from '@mikro-orm/postgresql';
import { District } from './district.entity.js';

/** Every district, by name (a city has a few dozen at most): a read, as plain rows. */
export async function districtsByName(em: EntityManager): Promise<District[]> {
  const rows = await em.execute<Record<string, unknown>[]>(`select * from district order by name, id`, [], 'all');
  return rows.map(rowReader(em, District));
}
