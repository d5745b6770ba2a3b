import { generateWorld, type SeedOptions } from '@cso/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Street } from '../street/street.entity.js';

/** Seeds the streets of the default data set, once: a database that has streets is left alone. */
export async function seedStreet(em: EntityManager, { size, log }: SeedOptions): Promise<void> {
  if ((await em.count(Street)) > 0) return;
  const world = generateWorld(size);
  await em.transactional(async (tx) => {
    await tx.insertMany(
      Street,
      world.streets.map(({ id, districtId, name, code, branchName }) => ({ id, districtId, name, code, branchName })),
    );
  });
  log.info({ streets: world.streets.length }, 'street data seeded');
}
