import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { uuidArray } from './ids.js';
import { readPrepared } from './prepared.js';
import { platformTestOrm } from './testing/index.js';

/**
 * Reads sent as named prepared statements, against the same reads through MikroORM's `em.execute`,
 * on one pooled connection (so that a connection kept or a transaction's connection taken twice
 * shows as a wait that never ends).
 */

let orm: MikroORM;
let stop: (() => Promise<void>) | undefined;
const seen: string[] = [];

beforeAll(async () => {
  ({ orm, stop } = await platformTestOrm('prepared', { poolMax: 1, onQuery: (sql) => seen.push(sql) }));
  await orm.em.fork().execute('create table prepared_probe (n int not null)');
});
afterAll(() => stop?.());

const ROWS = `select u.id, u.n::int as n, ?::text as label, ?::timestamptz as at
  from unnest(?::uuid[]) with ordinality as u(id, n) order by u.n desc`;

describe('readPrepared', () => {
  it('gives the rows em.execute gives, with the same types and values', async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const values = ["队's 'x'", new Date('2026-01-02T03:04:05.678Z'), uuidArray(ids)];
    const em = orm.em.fork();
    const rows = await readPrepared<{ id: string; n: number; label: string; at: string }>(em, ROWS, values);
    expect(rows).toEqual(await em.execute(ROWS, values, 'all'));
    expect(rows.map((r) => r.id)).toEqual([...ids].reverse());
    // The ORM's pool reads timestamptz as text: the same text, the same instant.
    expect(new Date(rows[0]!.at).toISOString()).toBe('2026-01-02T03:04:05.678Z');
    expect(rows[0]!.label).toBe("队's 'x'");
  });

  it('prepares the statement once on the connection, and logs every run as the ORM logs its own', async () => {
    const em = orm.em.fork();
    const sql = 'select ?::int + 1 as n';
    seen.length = 0;
    for (const n of [1, 2, 3]) expect(await readPrepared(em, sql, [n])).toEqual([{ n: n + 1 }]);
    expect(seen).toEqual([sql, sql, sql]);
    const statements = await em.execute<{ name: string; statement: string }[]>(
      `select name, statement from pg_prepared_statements where statement = 'select $1::int + 1 as n'`,
    );
    expect(statements).toHaveLength(1);
    expect(statements[0]!.name).toMatch(/^cso_[0-9a-f]{24}$/);
  });

  it("reads on the transaction's connection inside a transaction: its own uncommitted rows, no second connection", async () => {
    const count = 'select count(*)::int as n from prepared_probe where n = ?';
    await orm.em.fork().transactional(async (tx) => {
      await tx.execute('insert into prepared_probe (n) values (7)');
      expect(await readPrepared(tx, count, [7])).toEqual([{ n: 1 }]);
      await tx.execute('delete from prepared_probe');
    });
    expect(await readPrepared(orm.em.fork(), count, [7])).toEqual([{ n: 0 }]);
  });

  it("rejects with PostgreSQL's error and gives the connection back", async () => {
    const em = orm.em.fork();
    await expect(readPrepared(em, 'select ?::int as n', ['not a number'])).rejects.toThrow(
      /invalid input syntax for type integer/,
    );
    await expect(readPrepared(em, 'select ?::int as n', ['12'])).resolves.toEqual([{ n: 12 }]);
  });

  it('prepares at most 256 texts per process; past them a read still answers, through em.execute', async () => {
    // Last in this file: it fills the process's list of prepared texts.
    const em = orm.em.fork();
    for (let i = 0; i < 300; i++) expect(await readPrepared(em, `select ?::int + ${i} as n`, [1])).toEqual([{ n: 1 + i }]);
    const [{ n }] = await em.execute<{ n: number }[]>(
      `select count(*)::int as n from pg_prepared_statements where name like 'cso_%'`,
    );
    expect(n).toBe(256);
  });
});
