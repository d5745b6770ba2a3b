import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { AuditRecord } from './audit/audit.entity.js';
import { countsByParent, keysetPagesByParent, type ParentKeyset } from './keyset.js';
import { platformTestOrm } from './testing/index.js';

/**
 * The per-parent pages of many parents in one statement, against the same pages worked out here from
 * the rows written: each parent's rows in (sort, id) order, after the cursor, at most first + 1.
 */

let orm: MikroORM;
let stop: (() => Promise<void>) | undefined;
const scopes = Array.from({ length: 5 }, () => randomUUID());
const written: { id: string; scopeId: string; at: Date; action: string }[] = [];

beforeAll(async () => {
  ({ orm, stop } = await platformTestOrm('keyset'));
  const em = orm.em.fork();
  // 0, 1, 7, 30 and 12 rows; several rows of a scope share their time, so the id breaks the tie.
  const sizes = [0, 1, 7, 30, 12];
  sizes.forEach((n, s) => {
    for (let i = 0; i < n; i++) {
      const row = {
        id: randomUUID(),
        scopeId: scopes[s]!,
        at: new Date(Date.UTC(2026, 10, 1 + (i % 9), 8)),
        action: i % 3 === 0 ? 'fileOrganization' : 'reviewFiling',
      };
      written.push(row);
      em.create(AuditRecord, {
        ...row,
        tier: 'test',
        actorId: 'u',
        actorName: 'U',
        actorRole: 'R',
        targetType: 'T',
        targetId: row.id,
        before: null,
        after: null,
        requestId: 'r',
      });
    }
  });
  await em.flush();
});

afterAll(async () => {
  await stop?.();
});

function source(options: { descending?: boolean; action?: string }): ParentKeyset<AuditRecord> {
  return {
    em: orm.em.fork(),
    entity: AuditRecord,
    table: 'audit_record',
    sortColumn: 'at',
    where: options.action ? ['"action" = ?'] : [],
    params: options.action ? [options.action] : [],
    descending: options.descending ?? false,
    parentColumn: 'scope_id',
    parentOf: (r) => r.scopeId,
  };
}

/** The page worked out from the rows written (uuids compare as PostgreSQL compares them: as lower-case hex). */
function expected(scopeId: string, options: { descending?: boolean; action?: string }, first: number, after: string | null) {
  const sign = options.descending ? -1 : 1;
  const key = (r: (typeof written)[number]) => [r.at.getTime(), r.id] as const;
  const compare = (a: (typeof written)[number], b: (typeof written)[number]) => {
    const [ta, ia] = key(a);
    const [tb, ib] = key(b);
    return sign * (ta !== tb ? ta - tb : ia < ib ? -1 : ia > ib ? 1 : 0);
  };
  const cursor = after ? written.find((r) => r.id === after)! : null;
  return written
    .filter((r) => r.scopeId === scopeId && (!options.action || r.action === options.action))
    .filter((r) => !cursor || compare(r, cursor) > 0)
    .sort(compare)
    .slice(0, first + 1)
    .map((r) => r.id);
}

describe('the pages of many parents in one statement', () => {
  // Parents in an order of their own, one with no rows, one twice.
  const asked = [scopes[3]!, scopes[0]!, scopes[1]!, scopes[3]!, scopes[4]!, scopes[2]!];

  it.each([
    { descending: false, action: undefined, first: 5 },
    { descending: true, action: undefined, first: 5 },
    { descending: false, action: 'reviewFiling', first: 3 },
    { descending: true, action: 'fileOrganization', first: 1 },
    { descending: false, action: undefined, first: 100 },
  ])('gives each parent its own first page, in the order asked: %o', async ({ first, ...options }) => {
    const pages = await keysetPagesByParent(source(options), asked, { first, after: null });
    expect(pages.map((rows) => rows.map((r) => r.id))).toEqual(asked.map((s) => expected(s, options, first, null)));
    expect(pages[1]).toEqual([]);
    // The page of the thirty-row parent is cut at first + 1 (the extra row tells that more follow).
    expect(pages[0]).toHaveLength(Math.min(first + 1, expected(scopes[3]!, options, 1000, null).length));
  });

  it('starts each page after the cursor row, by (sort, id), ties included', async () => {
    for (const descending of [false, true]) {
      const all = expected(scopes[3]!, { descending }, 1000, null);
      for (const cursor of [all[0]!, all[4]!, all[17]!, all[all.length - 1]!]) {
        const pages = await keysetPagesByParent(source({ descending }), [scopes[3]!], { first: 4, after: cursor });
        expect(pages[0]!.map((r) => r.id)).toEqual(expected(scopes[3]!, { descending }, 4, cursor));
      }
    }
  });

  it('reads the rows as plain objects of the entity and asks nothing when the page is empty', async () => {
    const [page] = await keysetPagesByParent(source({}), [scopes[1]!], { first: 5, after: null });
    expect(page![0]).toBeInstanceOf(AuditRecord);
    expect(page![0]!.at).toBeInstanceOf(Date);
    expect(await keysetPagesByParent(source({}), asked, { first: 0, after: null })).toEqual(asked.map(() => []));
  });

  it('counts the rows of each parent under the same conditions', async () => {
    const counts = await countsByParent(source({ action: 'reviewFiling' }), asked);
    expect(counts).toEqual(asked.map((s) => expected(s, { action: 'reviewFiling' }, 1000, null).length));
  });
});
