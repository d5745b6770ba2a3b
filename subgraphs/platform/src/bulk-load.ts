import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityName, EntityProperty } from '@mikro-orm/core';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * Bulk loading for seeders: `COPY … FROM STDIN` on one connection inside one transaction, fed by
 * generators, so that a city of millions of rows loads at PostgreSQL's speed in bounded memory (rows
 * are formatted and sent in chunks as they are generated, never held all at once). Knows no table:
 * the seeder names tables and columns.
 */

/** A value as `COPY` text format writes it: `\N` for null, escapes for backslash, tab and line breaks. */
function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'boolean') return value ? 't' : 'f';
  else if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  else if (value instanceof Date) return value.toISOString();
  else text = JSON.stringify(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : text;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

const quote = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe identifier: ${name}`);
  return `"${name}"`;
};

/** Lines of COPY text, batched into chunks of about 256 kB. */
async function* copyChunks(rows: Iterable<unknown[]> | AsyncIterable<unknown[]>): AsyncGenerator<string> {
  let chunk = '';
  for await (const row of rows) {
    chunk += `${row.map(copyText).join('\t')}\n`;
    if (chunk.length >= 256 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

interface SavedIndex {
  drop: string;
  create: string;
}

/** One connection of the service's pool, in a transaction, for bulk loading. */
export class BulkLoader {
  private constructor(
    private readonly em: EntityManager,
    private readonly client: pg.PoolClient,
  ) {}

  /** Opens a transaction on a connection of `em`'s pool (a seeder's maintenance connection). */
  static async open(em: EntityManager): Promise<BulkLoader> {
    const pool = (await em.getConnection().getNativeClient()) as unknown as pg.Pool;
    const client = await pool.connect();
    await client.query('begin');
    // Index builds after a load sort in memory; the load is not a request and waits for no one.
    await client.query(`set local maintenance_work_mem = '256MB'`);
    return new BulkLoader(em, client);
  }

  query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    return this.client.query<R>(sql, params);
  }

  /** Streams `rows` (values in the order of `columns`) into `table`; returns how many rows went in. */
  async copy(table: string, columns: readonly string[], rows: Iterable<unknown[]> | AsyncIterable<unknown[]>): Promise<number> {
    const stream = this.client.query(copyFrom(`copy ${quote(table)} (${columns.map(quote).join(', ')}) from stdin`));
    await pipeline(Readable.from(copyChunks(rows)), stream);
    return stream.rowCount ?? 0;
  }

  /**
   * Streams objects of an entity (with its property names, as `insertMany` takes them) into its
   * table: the columns are those of `properties` (default: the first object's keys), in the entity's
   * naming; columns left out get their database defaults.
   */
  async copyEntities<T extends object>(
    entity: EntityName<T>,
    rows: Iterable<Partial<T>>,
    properties?: readonly (keyof T & string)[],
  ): Promise<number> {
    const iterator = rows[Symbol.iterator]();
    const first = iterator.next();
    if (first.done) return 0;
    const names = properties ?? (Object.keys(first.value) as (keyof T & string)[]);
    const meta = this.em.getMetadata().get(entity);
    const columns = names.map((name) => {
      const column = (meta.properties as Record<string, EntityProperty | undefined>)[name]?.fieldNames?.[0];
      if (!column) throw new Error(`${meta.className}.${name}: not a column`);
      return column;
    });
    function* values(): Generator<unknown[]> {
      const record = (row: Partial<T>) => names.map((name) => (row as Record<string, unknown>)[name]);
      yield record(first.value as Partial<T>);
      for (let next = iterator.next(); !next.done; next = iterator.next()) yield record(next.value);
    }
    return this.copy(meta.tableName, columns, values());
  }

  /**
   * Drops a table's indexes and constraints (its foreign keys, unique constraints and primary key,
   * unless another table's foreign key needs it) for a load, and returns what recreates them: an
   * index built once over millions of rows is far cheaper than millions of random insertions.
   */
  async withoutIndexes(table: string): Promise<() => Promise<void>> {
    const saved: SavedIndex[] = [];
    const constraints = await this.query<{ name: string; def: string; type: string; referenced: boolean }>(
      `select c.conname as name, pg_get_constraintdef(c.oid) as def, c.contype as type,
              exists (select 1 from pg_constraint f where f.contype = 'f' and f.confrelid = c.conrelid and f.conrelid <> c.conrelid) as referenced
       from pg_constraint c where c.conrelid = $1::regclass and c.contype in ('p', 'u', 'f')
       order by case c.contype when 'f' then 0 else 1 end`,
      [table],
    );
    for (const c of constraints.rows) {
      if (c.type !== 'f' && c.referenced) continue;
      saved.push({
        drop: `alter table ${quote(table)} drop constraint ${quote(c.name)}`,
        create: `alter table ${quote(table)} add constraint ${quote(c.name)} ${c.def}`,
      });
    }
    const indexes = await this.query<{ name: string; def: string }>(
      `select i.indexname as name, i.indexdef as def from pg_indexes i
       where i.schemaname = current_schema() and i.tablename = $1
         and not exists (select 1 from pg_constraint c where c.conrelid = $1::regclass and c.conindid = (quote_ident(i.indexname))::regclass)`,
      [table],
    );
    for (const i of indexes.rows) saved.push({ drop: `drop index ${quote(i.name)}`, create: i.def });
    for (const s of saved) await this.query(s.drop);
    return async () => {
      // Indexes and keys first, foreign keys last (they need the referenced keys).
      for (const s of [...saved].reverse()) await this.query(s.create);
    };
  }

  async commit(): Promise<void> {
    try {
      await this.client.query('commit');
    } finally {
      this.client.release();
    }
  }

  async rollback(): Promise<void> {
    try {
      await this.client.query('rollback');
    } finally {
      this.client.release(true);
    }
  }
}

/** Runs `load` in one bulk-loading transaction: committed when it returns, rolled back when it throws. */
export async function bulkLoad<T>(em: EntityManager, load: (loader: BulkLoader) => Promise<T>): Promise<T> {
  const loader = await BulkLoader.open(em);
  try {
    const result = await load(loader);
    await loader.commit();
    return result;
  } catch (error) {
    await loader.rollback();
    throw error;
  }
}
