import { ProblemList, requireUuid, type Caller, type KeysetSource, type ParentKeyset, type Projection } from '@cso/platform';
import { readableOrganizations } from './organization.policy.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Organization } from './organization.entity.js';
import type { OrganizationFilter } from './organization.inputs.js';

export const SEARCH_MAX_LENGTH = 50;

/** A filter checked and reduced to SQL conditions; every bad field is reported at once. */
export interface OrganizationConditions {
  where: string[];
  params: unknown[];
  /** Identifies the conditions, so that loaders batch only lists with the same filter. */
  key: string;
}

export function organizationConditions(
  caller: Caller,
  filter: OrganizationFilter | null | undefined,
  prefix = 'filter',
): OrganizationConditions {
  // Jurisdiction first: a list never shows what the caller may not read.
  const readable = readableOrganizations(caller);
  const where: string[] = [readable.sql];
  const params: unknown[] = [...readable.params];
  const problems = new ProblemList();
  const ids: [keyof OrganizationFilter, string][] = [
    ['districtId', 'district_id'],
    ['streetId', 'street_id'],
    ['communityId', 'community_id'],
  ];
  for (const [field, column] of ids) {
    const value = filter?.[field];
    if (value == null) continue;
    try {
      params.push(requireUuid(String(value), `${prefix}.${field}`));
      where.push(`"${column}" = ?`);
    } catch {
      problems.add(`${prefix}.${field}`, 'MALFORMED_ID', `${JSON.stringify(value)} is not a valid id`);
    }
  }
  if (filter?.category) {
    where.push(`"category" = ?`);
    params.push(filter.category);
  }
  if (filter?.status) {
    where.push(`"status" = ?`);
    params.push(filter.status);
  }
  if (filter?.search != null) {
    const term = filter.search.trim();
    if (term.length < 1 || term.length > SEARCH_MAX_LENGTH) {
      problems.add(`${prefix}.search`, 'SEARCH_LENGTH', `must be 1 to ${SEARCH_MAX_LENGTH} characters`);
    } else {
      where.push(`"name" ilike ? escape '\\'`);
      params.push(`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
  }
  problems.throwIfAny();
  return { where, params, key: JSON.stringify(params) + where.join('&') };
}

export function organizationSource(
  em: EntityManager,
  conditions: OrganizationConditions,
  projection?: Projection,
): KeysetSource<Organization> {
  return { em, entity: Organization, table: 'organization', sortColumn: 'name', ...conditions, projection };
}

export function organizationsByCommunitySource(
  em: EntityManager,
  conditions: OrganizationConditions,
  projection?: Projection,
): ParentKeyset<Organization> {
  return { ...organizationSource(em, conditions, projection), parentColumn: 'community_id', parentOf: (o) => o.community ?? '' };
}
