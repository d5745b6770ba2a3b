import { randomUUID } from 'node:crypto';
import { createRequestContext, identityNumber, type Caller, type RequestContext } from '@cso/platform';
import { startTestSubgraph, type TestSubgraph } from '@cso/platform/testing';
import type { EntityManager } from '@mikro-orm/postgresql';
import { definition } from '../app.js';
import { Community } from '../community/community.entity.js';
import { Member } from '../member/member.entity.js';
import { Gender, MemberRole } from '../member/member.enums.js';
import { Organization } from '../organization/organization.entity.js';
import {
  OrganizationCategory,
  OrganizationLevel,
  OrganizationSponsor,
  OrganizationStatus,
} from '../organization/organization.enums.js';
import { place } from './callers.js';

/**
 * The tier in-process, on its own fresh (unseeded) database: services are called directly with a
 * request context, as the resolvers call them. Each test file creates the data it needs.
 */
export interface Tier {
  subgraph: TestSubgraph;
  em: EntityManager;
  /** A fresh request context (own identity map, own loaders) for the caller. */
  as: (caller: Caller) => RequestContext;
  stop: () => Promise<void>;
}

export async function startTier(): Promise<Tier> {
  const subgraph = await startTestSubgraph(definition);
  const { orm, log } = subgraph.running;
  const em = orm.em.fork() as unknown as EntityManager;
  await em.insertMany(Community, [
    {
      id: place.community,
      streetId: place.street,
      districtId: place.district,
      name: '望海楼社区',
      committeeName: '望海楼社区指导委员会',
    },
    {
      id: place.otherCommunity,
      streetId: place.otherStreet,
      districtId: place.otherDistrict,
      name: '鼓楼社区',
      committeeName: '鼓楼社区指导委员会',
    },
  ]);
  return {
    subgraph,
    em,
    as: (caller) => createRequestContext(orm.em as unknown as EntityManager, log, randomUUID(), caller),
    stop: () => subgraph.stop(),
  };
}

/** Rows of a table (to prove that a refused action stored nothing). */
export async function countRows(em: EntityManager, table: string): Promise<number> {
  const [row] = await em.fork().execute<{ n: string }[]>(`select count(*) as n from "${table}"`, [], 'all');
  return Number(row?.n ?? 0);
}

/** A roster of `size` people with valid identity numbers; the first is the leader. */
export function roster(size: number, seed = 0) {
  return Array.from({ length: size }, (_, i) => {
    const sequence = seed * 100 + i + 1;
    return {
      name: '王秀兰',
      gender: Number(String(sequence).padStart(3, '0')[2]) % 2 === 1 ? Gender.MALE : Gender.FEMALE,
      birthDate: '1958-03-14',
      idNumber: identityNumber('120101', '1958-03-14', sequence),
      phone: `138${String(10_000_000 + sequence).slice(-8)}`,
      isPartyMember: i < 3,
      role: i === 0 ? MemberRole.LEADER : MemberRole.MEMBER,
    };
  });
}

/** A FILED organization of the test community with a small roster. */
export async function filedOrganization(em: EntityManager, name: string, id = randomUUID()): Promise<Organization> {
  const fork = em.fork();
  const members = roster(10);
  const org = fork.create(Organization, {
    id,
    name,
    // The counts a roster write keeps in the row (see Organization.memberCount).
    memberCount: members.length,
    partyMemberCount: members.filter((m) => m.isPartyMember).length,
    category: OrganizationCategory.CULTURE_SPORTS,
    level: OrganizationLevel.COMMUNITY,
    sponsor: OrganizationSponsor.RESIDENTS,
    status: OrganizationStatus.FILED,
    purpose: '丰富社区居民的文化生活',
    activityArea: '社区活动室',
    activitySchedule: '每周三下午',
    foundedOn: '2020-05-01',
    community: place.community,
    streetId: place.street,
    districtId: place.district,
  });
  for (const m of members) {
    fork.create(Member, { ...m, id: randomUUID(), organization: org.id, joinedOn: '2020-05-01' });
  }
  await fork.flush();
  return org;
}
