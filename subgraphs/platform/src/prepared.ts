import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

/** The part of a `pg` pool and its clients a prepared read uses. */
interface Pool {
  connect(): Promise<{
    query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
    release(error?: Error | boolean): void;
  }>;
}

/** MikroORM's connection: `executeQuery` times a statement and logs it as every other (protected in its types). */
interface Connection {
  getNativeClient(): Promise<unknown>;
  executeQuery<T>(query: string, run: () => Promise<T>): Promise<T>;
}

interface Prepared {
  name: string;
  text: string;
}

/** At most this many statement texts are prepared (each connection keeps its own prepared statements). */
const MAX_PREPARED = 256;
const prepared = new Map<string, Prepared>();

/** The named form of a statement: `?` placeholders numbered, named by its text. */
function preparedOf(sql: string): Prepared | undefined {
  let statement = prepared.get(sql);
  if (!statement) {
    if (prepared.size >= MAX_PREPARED) return undefined;
    let n = 0;
    statement = {
      name: `cso_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`,
      text: sql.replace(/\?/g, () => `$${++n}`),
    };
    prepared.set(sql, statement);
  }
  return statement;
}

/**
 * A read whose text is the same at every call (values as `?` parameters, never in the text), sent as
 * a named prepared statement: PostgreSQL parses it once per connection, and after five runs may keep
 * one generic plan instead of planning it again each time. MikroORM sends raw statements with their
 * values written into the text (`AbstractSqlConnection.execute`), so each one is parsed and planned
 * anew: for one scope's statistics (seven statements) 1.3 ms of planning per request against
 * about 7 ms of execution at seed size 1, for the hierarchy 1.1 ms against 4.4 (pg_stat_statements
 * with track_planning). Keyset pages and counts, lookups by id and the figures' statements are sent
 * this way: PostgreSQL time per hierarchy request 5.5 -> 3.9 ms at size 1 (23.8 -> 22.0 at size 60).
 *
 * One thing a generic plan does worse: `column = any($1)` with the array as a parameter is searched
 * element by element for each row, where a custom plan (the array a constant) hashes it: the counts of
 * the rows of 105 parents took 1.9 ms against 1.0. The counts per parent, which read every row of the
 * parents, match them with `column in (select unnest(?::uuid[]))` instead (a hashed semi-join in any
 * plan). Lookups by id or parent keep `= any(?)`: read on an index, the array is not searched per row,
 * and there the semi-join cost more to plan than it saved (a filing view's six lookups at size 60:
 * 1.4 ms of PostgreSQL per request with it, 0.8 without).
 *
 * The rows are those `em.execute(sql, values, 'all')` gives: the ORM's pool, its type parsers, its
 * query log and statement observers (`connection.executeQuery`), and a pooled connection taken the
 * way the request scope tracks (its statement is cancelled when the caller gives up). Inside a
 * transaction the read goes through the transaction's connection with `em.execute`; past
 * {@link MAX_PREPARED} distinct texts, too.
 */
export async function readPrepared<T>(em: EntityManager, sql: string, values: readonly unknown[]): Promise<T[]> {
  const statement = em.isInTransaction() ? undefined : preparedOf(sql);
  if (!statement) return em.execute<T[]>(sql, [...values], 'all');
  const connection = em.getConnection() as unknown as Connection;
  if (typeof connection.executeQuery !== 'function') throw new Error('MikroORM: the connection has no executeQuery');
  const pool = (await connection.getNativeClient()) as unknown as Pool;
  return connection.executeQuery(sql, async () => {
    const client = await pool.connect();
    try {
      const { rows } = await client.query({ name: statement.name, text: statement.text, values: [...values] });
      return rows as T[];
    } finally {
      // A connection that broke is not queryable any more, and the pool drops it on release.
      client.release();
    }
  });
}
