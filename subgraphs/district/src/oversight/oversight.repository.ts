import { readPrepared, uuidArray } from '@cso/platform';
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
  // The scopes' inspections of the year, read on the (scope, year) index and hashed: a join on the year alone let the
  // planner read the whole city's year, and a lookup per organization costs more than the scope's year at every size.
  const rows = await readPrepared<Record<string, string>>(
    em,
    `with inspected as (
       select organization_id, result from inspection where ${column} = any(?::uuid[]) and year = ?
     )
     select f.${column} as k, count(*) as filed, count(i.organization_id) as inspected,
            count(*) filter (where i.result = 'PASS') as pass,
            count(*) filter (where i.result = 'BASIC_PASS') as basic_pass,
            count(*) filter (where i.result = 'FAIL') as fail
     from filed_organization f left join inspected i on i.organization_id = f.organization_id
     where f.${column} = any(?::uuid[]) and f.status = 'FILED' group by 1`,
    [uuidArray(ids), year, uuidArray(ids)],
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
