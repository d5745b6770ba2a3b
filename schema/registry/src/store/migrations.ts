import type pg from 'pg';

/**
 * The registry's schema, as numbered migrations applied in order (never edit one that has shipped:
 * add the next). The same expand/contract rule as the tiers' applies: a running registry keeps
 * working on a database that a newer release has migrated.
 */
export interface RegistryMigration {
  name: string;
  sql: string;
}

export const MIGRATIONS: RegistryMigration[] = [
  {
    name: '0001_registry',
    sql: `
      -- One row per subgraph (tier): its routing URL and the version in service.
      create table subgraph (
        name text primary key,
        routing_url text not null,
        current_version_id bigint,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      -- Every published version of a subgraph: SDL, routing URL, label (a git commit), who and when.
      create table subgraph_version (
        id bigserial primary key,
        subgraph text not null references subgraph (name),
        sdl text not null,
        sdl_hash text not null,
        routing_url text not null,
        label text,
        published_by text not null,
        published_at timestamptz not null default now()
      );
      create index subgraph_version_subgraph on subgraph_version (subgraph, id desc);
      alter table subgraph add constraint subgraph_current_version foreign key (current_version_id) references subgraph_version (id);
      -- The event contracts each subgraph version produces and consumes (type, version, checksum of the published JSON).
      create table version_event (
        version_id bigint not null references subgraph_version (id) on delete cascade,
        direction text not null check (direction in ('produces', 'consumes')),
        type text not null,
        version integer not null,
        checksum text,
        primary key (version_id, direction, type, version)
      );
      -- Every composed supergraph put in service (a launch): its SDL, API schema, who and why.
      create table launch (
        id bigserial primary key,
        supergraph_sdl text not null,
        supergraph_hash text not null,
        api_schema text not null,
        reason text not null,
        created_by text not null,
        created_at timestamptz not null default now()
      );
      -- Which subgraph versions a launch was composed from.
      create table launch_subgraph (
        launch_id bigint not null references launch (id) on delete cascade,
        subgraph text not null references subgraph (name),
        version_id bigint not null references subgraph_version (id),
        primary key (launch_id, subgraph)
      );
      -- Operations the gateways executed: the document once, its use per client and client version.
      create table operation_document (
        hash text primary key,
        document text not null,
        signature text not null,
        name text,
        kind text,
        first_seen timestamptz not null default now()
      );
      create table operation_usage (
        hash text not null references operation_document (hash) on delete cascade,
        client_name text not null default '',
        client_version text not null default '',
        count bigint not null default 0,
        first_seen timestamptz not null default now(),
        last_seen timestamptz not null default now(),
        primary key (hash, client_name, client_version)
      );
      create index operation_usage_last_seen on operation_usage (last_seen desc);
      -- Trusted documents: what a client version registered in advance (hash -> document).
      create table trusted_manifest (
        id bigserial primary key,
        client_name text not null,
        client_version text not null,
        published_by text not null,
        published_at timestamptz not null default now(),
        unique (client_name, client_version)
      );
      create table trusted_document (
        manifest_id bigint not null references trusted_manifest (id) on delete cascade,
        hash text not null,
        document text not null,
        primary key (manifest_id, hash)
      );
      -- Every check and publish with its report (what was refused, and why).
      create table schema_check (
        id bigserial primary key,
        subgraph text not null,
        label text,
        sdl_hash text not null,
        routing_url text not null,
        action text not null check (action in ('check', 'publish')),
        passed boolean not null,
        report jsonb not null,
        launch_id bigint references launch (id),
        checked_by text not null,
        checked_at timestamptz not null default now()
      );
      -- The gateways that follow the registry and the launch each serves (reported on every poll).
      create table gateway_instance (
        id text primary key,
        launch_id bigint,
        started_at timestamptz not null default now(),
        last_seen timestamptz not null default now()
      );
    `,
  },
];

/** A stable key for the advisory lock that serializes migrations (and publishes) across registry replicas. */
export const MIGRATION_LOCK = 4_010_001;
export const PUBLISH_LOCK = 4_010_002;

/** Applies pending migrations under an advisory lock; returns the names applied. */
export async function migrate(pool: pg.Pool): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'create table if not exists registry_migration (name text primary key, applied_at timestamptz not null default now())',
    );
    const { rows } = await client.query<{ name: string }>('select name from registry_migration');
    const done = new Set(rows.map((r) => r.name));
    const applied: string[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.name)) continue;
      await client.query('begin');
      try {
        await client.query(migration.sql);
        await client.query('insert into registry_migration (name) values ($1)', [migration.name]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      }
      applied.push(migration.name);
    }
    return applied;
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

/** True when every migration this build knows has been applied. */
export async function migrated(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ n: string }>(`select count(*) as n from registry_migration where name = any($1)`, [
    MIGRATIONS.map((m) => m.name),
  ]);
  return Number(rows[0]?.n ?? 0) >= MIGRATIONS.length;
}
