import { emitEvent, generateWorld, PoliciesUpdated, POLICY_DEFAULTS, type SeedOptions } from '@cso/kit';
import { DistrictPolicy } from '../policy/policy.entity.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { District } from '../district/district.entity.js';

/** Seeds the districts of the default data set, once: a database that has districts is left alone. */
export async function seedDistrict(em: EntityManager, { size, log }: SeedOptions): Promise<void> {
  if ((await em.count(District)) > 0) return;
  const world = generateWorld(size);
  await em.transactional(async (tx) => {
    await tx.insertMany(District, world.districts.map(({ id, name, associationName }) => ({ id, name, associationName })));
    // Each district starts with the default policies, announced to the other tiers like any change.
    for (const { id } of world.districts) {
      tx.persist(Object.assign(new DistrictPolicy(), { districtId: id, values: POLICY_DEFAULTS, revision: 1 }));
      emitEvent(tx, PoliciesUpdated, { districtId: id, values: POLICY_DEFAULTS, revision: 1 });
    }
  });
  log.info({ districts: world.districts.length }, 'district data seeded');
}
