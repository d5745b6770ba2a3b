import { generateWorld, membersOf, type SeedOptions } from '@cso/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Community } from '../community/community.entity.js';
import { Member } from '../member/member.entity.js';
import type { Gender, MemberRole } from '../member/member.enums.js';
import { Organization } from '../organization/organization.entity.js';
import type { OrganizationCategory, OrganizationLevel, OrganizationSponsor, OrganizationStatus } from '../organization/organization.enums.js';

const BATCH = 5000;

/**
 * Seeds the communities, organizations and rosters of the default data set in one transaction,
 * with multi-row inserts; a database that has communities is left alone (idempotent start).
 */
export async function seedCommunity(em: EntityManager, { size, log }: SeedOptions): Promise<void> {
  if ((await em.count(Community)) > 0) return;
  const started = Date.now();
  const world = generateWorld(size);
  let members = 0;
  await em.transactional(async (tx) => {
    await tx.insertMany(
      Community,
      world.communities.map(({ id, streetId, districtId, name, committeeName }) => ({ id, streetId, districtId, name, committeeName })),
    );
    for (let i = 0; i < world.organizations.length; i += BATCH / 10) {
      const slice = world.organizations.slice(i, i + BATCH / 10);
      await tx.insertMany(
        Organization,
        slice.map((o) => ({
          id: o.id,
          name: o.name,
          category: o.category as OrganizationCategory,
          level: o.level as OrganizationLevel,
          sponsor: o.sponsor as OrganizationSponsor,
          status: o.status as OrganizationStatus,
          purpose: o.purpose,
          activityArea: o.activityArea,
          activitySchedule: o.activitySchedule,
          foundedOn: o.foundedOn,
          hasPartyStation: o.hasPartyStation,
          community: o.communityId,
          streetId: o.streetId,
          districtId: o.districtId,
        })),
      );
      let roster: Member[] = [];
      for (const o of slice) {
        for (const m of membersOf(o)) {
          roster.push(
            Object.assign(new Member(), { ...m, organization: m.organizationId, gender: m.gender as Gender, role: m.role as MemberRole }),
          );
          if (roster.length >= BATCH) {
            await tx.insertMany(Member, roster);
            members += roster.length;
            roster = [];
          }
        }
      }
      if (roster.length) {
        await tx.insertMany(Member, roster);
        members += roster.length;
      }
    }
  });
  log.info(
    { communities: world.communities.length, organizations: world.organizations.length, members, ms: Date.now() - started },
    'community data seeded',
  );
}
