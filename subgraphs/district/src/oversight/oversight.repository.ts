import { uuidArray } from '@cso/platform';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { InspectionCounts } from './oversight.types.js';
import type { RegisterPlace } from './oversight.policy.js';

/** The register's scope columns; names come from code, never from input. */
const SCOPE_COLUMN = { district: 'district_id', street: 'street_id', community: 'community_id' } as const;
export type RegisterScope = keyof typeof SCOPE_COLUMN;

/**
 * The inspection results of a year for many scopes of one kind, in one statement: per scope, its
 * FILED organizations on the register and their inspections of that year. A scope without FILED
 * organizations is absent.
 */
export async function inspectionCountsOf(
  em: EntityManager,
  scope: RegisterScope,
  year: number,
  ids: readonly string[],
): Promise<Map<string, InspectionCounts>> {
  const column = SCOPE_COLUMN[scope];
  // A lateral lookup per filed organization (the unique (organization_id, year) index): a plain join let the planner
  // read the whole city's inspections of the year and hash them.
  const rows = await em.execute<Record<string, string>[]>(
    `select f.${column} as k, count(*) as filed, count(i.id) as inspected,
            count(*) filter (where i.result = 'PASS') as pass,
            count(*) filter (where i.result = 'BASIC_PASS') as basic_pass,
            count(*) filter (where i.result = 'FAIL') as fail
     from filed_organization f left join lateral (
       select id, result from inspection i where i.organization_id = f.organization_id and i.year = ? limit 1
     ) i on true
     where f.${column} = any(?::uuid[]) and f.status = 'FILED' group by 1`,
    [year, uuidArray(ids)],
    'all',
  );
  return new Map(
    rows.map((r) => [
      r.k!,
      {
        filed: Number(r.filed),
        inspected: Number(r.inspected),
        pass: Number(r.pass),
        basicPass: Number(r.basic_pass),
        fail: Number(r.fail),
      },
    ]),
  );
}

/** Where each of many streets or communities sits, from the register, in one statement; absent when it has no entry. */
export async function registerPlacesOf(
  em: EntityManager,
  scope: 'street' | 'community',
  ids: readonly string[],
): Promise<Map<string, RegisterPlace>> {
  const column = SCOPE_COLUMN[scope];
  const rows = await em.execute<{ k: string; district_id: string; street_id: string }[]>(
    `select distinct on (${column}) ${column} as k, district_id, street_id from filed_organization where ${column} = any(?::uuid[])`,
    [uuidArray(ids)],
    'all',
  );
  return new Map(rows.map((r) => [r.k, { districtId: r.district_id, streetId: r.street_id }]));
}
