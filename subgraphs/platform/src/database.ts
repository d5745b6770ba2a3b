import pg from 'pg';

/** How long a pooled connection may stay idle before it is closed: longer than every idle poll's interval. */
export const IDLE_CONNECTION_MS = 60_000;

/** Replaces the database of a PostgreSQL URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  return `"${name}"`;
}

const databaseOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates the database of `url` when it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const name = databaseOf(url);
  await withAdmin(url, async (client) => {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount) return;
    try {
      await client.query(`create database ${quoteIdent(name)}`);
    } catch (error) {
      // Two starters racing for the same database: the other one won.
      if ((error as { code?: string }).code !== '42P04') throw error;
    }
  });
}

export async function dropDatabase(url: string): Promise<void> {
  await withAdmin(url, (client) => client.query(`drop database if exists ${quoteIdent(databaseOf(url))} with (force)`));
}

/** The server's major version; the project needs 15 or newer. */
export async function serverVersion(url: string): Promise<number> {
  return withAdmin(url, async (client) => {
    const { rows } = await client.query<{ server_version_num: string }>('show server_version_num');
    return Math.floor(Number(rows[0]!.server_version_num) / 10000);
  });
}
