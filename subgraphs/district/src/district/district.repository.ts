import type { EntityManager } from '@mikro-orm/postgresql';
import { District } from './district.entity.js';

/** Every district, by name (a city has a few dozen at most). */
export function districtsByName(em: EntityManager): Promise<District[]> {
  return em.find(District, {}, { orderBy: { name: 'asc', id: 'asc' } });
}
