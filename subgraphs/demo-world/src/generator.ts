import { identityNumber, stableUuid } from '@cso/platform';

/** The names that the seed texts give the three bodies (seed 001); the tiers that own them check them. */
const associationName = (districtName: string) => `${districtName}社区公益性民间组织管理协会`;
const branchName = (association: string, streetName: string) => `${association}${streetName}分会`;
const committeeName = (streetName: string, communityName: string) => `${streetName}${communityName}公益性民间组织指导委员会`;
import {
  ACTIVITY_PLACES,
  ACTIVITY_SCHEDULES,
  COMMUNITY_STEMS,
  COMMUNITY_SUFFIXES,
  DISTRICT_NAMES,
  GIVEN_CHARS,
  ORGANIZATION_PREFIXES,
  ORGANIZATION_THEMES,
  STREET_CODES,
  STREET_STEMS,
  SURNAMES,
} from './names.js';

/**
 * The default data set: one realistic district per unit of size (seed 000: ~1,700 organizations
 * and ~63,000 members in one district). Deterministic, so that each tier seeds its own slice of
 * the same world and the three databases agree on every id.
 */

export const ORGANIZATION_CATEGORIES = [
  'LIVELIHOOD_SERVICE',
  'SOCIAL_AFFAIRS',
  'SELF_GOVERNANCE',
  'VOLUNTEER_CHARITY',
  'CULTURE_SPORTS',
] as const;
export type SeedCategory = (typeof ORGANIZATION_CATEGORIES)[number];
export type SeedStatus = 'APPLYING' | 'PUBLIC_NOTICE' | 'FILED' | 'DISSOLVING' | 'DISSOLVED' | 'CANCELLED' | 'REJECTED';
export type SeedSponsor = 'RESIDENTS' | 'DISTRICT_UNIT' | 'STREET';

export interface SeedDistrict {
  id: string;
  name: string;
  associationName: string;
}
export interface SeedStreet {
  id: string;
  districtId: string;
  name: string;
  code: string;
  branchName: string;
}
export interface SeedCommunity {
  id: string;
  districtId: string;
  streetId: string;
  name: string;
  committeeName: string;
}
export interface SeedOrganization {
  id: string;
  key: string;
  districtId: string;
  streetId: string;
  communityId: string | null;
  name: string;
  category: SeedCategory;
  level: 'COMMUNITY' | 'STREET';
  sponsor: SeedSponsor;
  status: SeedStatus;
  purpose: string;
  activityArea: string;
  activitySchedule: string;
  foundedOn: string;
  memberCount: number;
  partyMemberCount: number;
  hasPartyStation: boolean;
}
export interface SeedMember {
  id: string;
  organizationId: string;
  name: string;
  gender: 'MALE' | 'FEMALE';
  birthDate: string;
  idNumber: string;
  phone: string;
  isPartyMember: boolean;
  role: 'LEADER' | 'CORE' | 'MEMBER';
  joinedOn: string;
}

export interface SeedShape {
  districts: number;
  streetsPerDistrict: number;
  communitiesPerStreet: number;
}

/** Size 1 is one district of 10 streets and ~100 communities; below 1 shrinks it (tests), above 1 adds districts. */
export function seedShape(size: number): SeedShape {
  if (size >= 1) return { districts: Math.round(size), streetsPerDistrict: 10, communitiesPerStreet: 10 };
  const n = Math.max(2, Math.round(10 * size));
  return { districts: 1, streetsPerDistrict: n, communitiesPerStreet: n };
}

/** How many districts the world of `size` has (a seeder writes them one at a time: `generateWorld(size, d)`). */
export function districtCount(size: number): number {
  return seedShape(size).districts;
}

/** mulberry32: small, fast and deterministic. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedOf(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return h >>> 0;
}

export const pick = <T>(rng: () => number, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
export const between = (rng: () => number, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
const isoDate = (y: number, m: number, d: number): string => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

export interface SeedWorld {
  districts: SeedDistrict[];
  streets: SeedStreet[];
  communities: SeedCommunity[];
  organizations: SeedOrganization[];
}

/**
 * The world of `size`, or with `only` the slice of one district (0-based): the same ids and names as
 * in the whole world, so that a seeder can write a city a district at a time (generate, write, drop)
 * in bounded memory. The plans of a slice (filings, reports, oversight) are the slice's own.
 */
export function generateWorld(size = 1, only?: number): SeedWorld {
  const shape = seedShape(size);
  const world: SeedWorld = { districts: [], streets: [], communities: [], organizations: [] };
  for (let d = only ?? 0; d < (only === undefined ? shape.districts : Math.min(only + 1, shape.districts)); d++) {
    const name = d < DISTRICT_NAMES.length ? DISTRICT_NAMES[d]! : `第${d + 1}区`;
    const district: SeedDistrict = { id: stableUuid(`district:${d}`), name, associationName: associationName(name) };
    world.districts.push(district);
    for (let s = 0; s < shape.streetsPerDistrict; s++) {
      const stem = STREET_STEMS[(s + d * 3) % STREET_STEMS.length]!;
      const streetName = `${stem}街`;
      const street: SeedStreet = {
        id: stableUuid(`street:${d}:${s}`),
        districtId: district.id,
        name: streetName,
        code: `${STREET_CODES[stem] ?? `S${String(s + 1).padStart(2, '0')}`}${d ? String(d + 1) : ''}`,
        branchName: branchName(district.associationName, streetName),
      };
      world.streets.push(street);
      addStreetOrganizations(world, district, street, `${d}:${s}`);
      const rng = random(seedOf(`street:${d}:${s}`));
      const used = new Set<string>();
      const count = shape.communitiesPerStreet + (size >= 1 ? between(rng, 0, 2) : 0);
      for (let c = 0; c < count; c++) {
        let communityName: string;
        do communityName = `${pick(rng, COMMUNITY_STEMS)}${pick(rng, COMMUNITY_SUFFIXES)}社区`;
        while (used.has(communityName));
        used.add(communityName);
        const community: SeedCommunity = {
          id: stableUuid(`community:${d}:${s}:${c}`),
          districtId: district.id,
          streetId: street.id,
          name: communityName,
          committeeName: committeeName(streetName, communityName),
        };
        world.communities.push(community);
        addCommunityOrganizations(world, street, community, `${d}:${s}:${c}`);
      }
    }
  }
  return world;
}

function lifecycleStatus(rng: () => number): SeedStatus {
  const r = rng();
  if (r < 0.82) return 'FILED';
  if (r < 0.86) return 'APPLYING';
  if (r < 0.89) return 'PUBLIC_NOTICE';
  if (r < 0.92) return 'DISSOLVING';
  if (r < 0.95) return 'DISSOLVED';
  if (r < 0.97) return 'CANCELLED';
  return 'REJECTED';
}

const PURPOSES: Record<SeedCategory, string> = {
  CULTURE_SPORTS: '组织居民开展文体活动,丰富社区文化生活,倡导健康文明的生活方式',
  VOLUNTEER_CHARITY: '组织志愿者开展公益服务,帮扶困难群众,弘扬志愿服务精神',
  SELF_GOVERNANCE: '组织居民参与社区事务的自我管理、自我服务和自我监督',
  SOCIAL_AFFAIRS: '化解邻里矛盾,开展政策宣传和社会事务服务,维护社区和谐稳定',
  LIVELIHOOD_SERVICE: '为社区居民提供便民生活服务,满足居民多样化需求',
};

function organization(
  key: string,
  rng: () => number,
  place: { districtId: string; streetId: string; communityId: string | null; areaName: string },
  naming: { name: string; category: SeedCategory; level: 'COMMUNITY' | 'STREET'; sponsor: SeedSponsor },
  status: SeedStatus,
): SeedOrganization {
  const memberCount = 10 + Math.floor(Math.pow(rng(), 1.8) * 70);
  const partyShare = rng() < 0.25 ? 0 : 0.04 + rng() * 0.3;
  const partyMemberCount = Math.min(memberCount - 1, Math.round(memberCount * partyShare));
  return {
    id: stableUuid(`org:${key}`),
    key,
    ...place,
    ...naming,
    status,
    purpose: PURPOSES[naming.category],
    activityArea: `${place.areaName}${pick(rng, ACTIVITY_PLACES)}`,
    activitySchedule: pick(rng, ACTIVITY_SCHEDULES),
    foundedOn: isoDate(between(rng, 2008, 2025), between(rng, 1, 12), between(rng, 1, 28)),
    memberCount,
    partyMemberCount,
    hasPartyStation: partyMemberCount >= 3 && rng() < 0.75,
  };
}

function addCommunityOrganizations(world: SeedWorld, street: SeedStreet, community: SeedCommunity, path: string): void {
  const rng = random(seedOf(`community-orgs:${path}`));
  // About one community in twelve falls short of the district's five-organization target.
  const count = rng() < 0.08 ? between(rng, 1, 4) : between(rng, 13, 23);
  const used = new Set<string>();
  for (let i = 0; i < count; i++) {
    const category = pick(rng, ORGANIZATION_CATEGORIES);
    const theme = pick(rng, ORGANIZATION_THEMES[category]!);
    const r = rng();
    const sponsor: SeedSponsor = r < 0.9 ? 'RESIDENTS' : r < 0.96 ? 'DISTRICT_UNIT' : 'STREET';
    let name: string;
    let attempt = 0;
    do {
      const prefix = pick(rng, ORGANIZATION_PREFIXES);
      name =
        sponsor === 'RESIDENTS'
          ? `${community.name}${prefix}${theme}`
          : // A few workstations set up by a unit carry a name that breaks the convention (rename required).
            rng() < 0.85
            ? `${community.name}${prefix}${theme.replace(/(队|社|会|站|团|之家|协会|小组)$/, '')}工作站`
            : `${prefix}${theme}`;
      if (++attempt > 5) name = `${name}${attempt}`;
    } while (used.has(name));
    used.add(name);
    // Communities below target keep few filed organizations.
    const status = count <= 4 && i > 0 ? (rng() < 0.5 ? 'APPLYING' : 'FILED') : lifecycleStatus(rng);
    world.organizations.push(
      organization(
        `${path}:${i}`,
        rng,
        { districtId: community.districtId, streetId: street.id, communityId: community.id, areaName: community.name },
        { name, category, level: 'COMMUNITY', sponsor },
        status,
      ),
    );
  }
}

function addStreetOrganizations(world: SeedWorld, district: SeedDistrict, street: SeedStreet, path: string): void {
  const rng = random(seedOf(`street-orgs:${path}`));
  const count = between(rng, 3, 5);
  const used = new Set<string>();
  for (let i = 0; i < count; i++) {
    const category = pick(rng, ORGANIZATION_CATEGORIES);
    let name: string;
    do
      name = `${street.name}${pick(rng, ['老年体育协会', '书法家协会', '志愿者协会', '文艺协会', '调解协会', '慈善协会', '助老协会'])}分会`;
    while (used.has(name) && used.size < 7);
    if (used.has(name)) name = `${name}${i}`;
    used.add(name);
    world.organizations.push(
      organization(
        `${path}:street:${i}`,
        rng,
        { districtId: district.id, streetId: street.id, communityId: null, areaName: street.name },
        { name, category, level: 'STREET', sponsor: 'DISTRICT_UNIT' },
        lifecycleStatus(rng),
      ),
    );
  }
}

const PHONE_PREFIXES = [
  '130',
  '131',
  '132',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '158',
  '159',
  '186',
  '187',
  '188',
  '189',
];
/** The roster of one organization: its leader first, then core members, then the rest. */
export function membersOf(org: SeedOrganization): SeedMember[] {
  const rng = random(seedOf(`members:${org.key}`));
  const founded = Number(org.foundedOn.slice(0, 4));
  const members: SeedMember[] = [];
  // The party members are spread through the roster; the leader is one of them when there are any.
  const partyIndexes = new Set<number>();
  while (partyIndexes.size < org.partyMemberCount)
    partyIndexes.add(partyIndexes.size === 0 ? 0 : between(rng, 1, org.memberCount - 1));
  const idNumbers = new Set<string>();
  for (let i = 0; i < org.memberCount; i++) {
    const gender = rng() < 0.58 ? 'FEMALE' : 'MALE';
    const birthDate = isoDate(between(rng, 1940, 2002), between(rng, 1, 12), between(rng, 1, 28));
    let sequence = between(rng, 0, 499) * 2 + (gender === 'MALE' ? 1 : 0);
    // One person per roster: the same birth date and sequence twice would be the same identity number.
    while (idNumbers.has(identityNumber('120105', birthDate, sequence))) sequence = (sequence + 2) % 1000;
    idNumbers.add(identityNumber('120105', birthDate, sequence));
    members.push({
      id: stableUuid(`member:${org.key}:${i}`),
      organizationId: org.id,
      name: `${pick(rng, SURNAMES)}${pick(rng, GIVEN_CHARS)}${rng() < 0.6 ? pick(rng, GIVEN_CHARS) : ''}`,
      gender,
      birthDate,
      idNumber: identityNumber('120105', birthDate, sequence),
      phone: `${pick(rng, PHONE_PREFIXES)}${String(between(rng, 0, 99_999_999)).padStart(8, '0')}`,
      isPartyMember: partyIndexes.has(i),
      role: i === 0 ? 'LEADER' : i <= 3 ? 'CORE' : 'MEMBER',
      joinedOn: isoDate(between(rng, founded, Math.max(founded, 2025)), between(rng, 1, 12), between(rng, 1, 28)),
    });
  }
  return members;
}
