import { generateWorld, type SeedOptions } from '@cso/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { District } from '../district/district.entity.js';

/** Seeds the districts of the default data set, once: a database that has districts is left alone. */
export async function seedDistrict(em: EntityManager, { size, log }: SeedOptions): Promise<void> {
  if ((await em.count(District)) > 0) return;
  const world = generateWorld(size);
  await em.transactional(async (tx) => {
    await tx.insertMany(District, world.districts.map(({ id, name, associationName }) => ({ id, name, associationName })));
  });
  log.info({ districts: world.districts.length }, 'district data seeded');
}
