import type pg from 'pg';
import type {
  EventRef,
  EventsManifest,
  GatewayInstance,
  Launch,
  LaunchSummary,
  OperationInUse,
  OperationReport,
  RecordedOperation,
  PublishedSubgraph,
  SubgraphProposal,
  TrustedManifest,
} from '../model.js';
import { PUBLISH_LOCK } from './migrations.js';

type Queryable = pg.Pool | pg.PoolClient;

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

interface LaunchRow {
  id: string;
  supergraph_hash: string;
  reason: string;
  created_by: string;
  created_at: Date;
  supergraph_sdl?: string;
  api_schema?: string;
}

/**
 * The registry's SQL, in one place: subgraphs and their versions, launches, operations in use,
 * trusted documents and the gateways that follow. Publishes run in {@link RegistryStore.serialized}
 * transactions, one at a time across every registry replica (an advisory lock).
 */
export class RegistryStore {
  constructor(readonly pool: pg.Pool) {}

  /** Runs `work` in a transaction holding the publish lock: what it read stays current until it commits. */
  async serialized<T>(work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      await client.query('select pg_advisory_xact_lock($1)', [PUBLISH_LOCK]);
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Every subgraph's version in service, with its event contracts. */
  async current(db: Queryable = this.pool): Promise<PublishedSubgraph[]> {
    const { rows } = await db.query<{
      name: string;
      routing_url: string;
      version_id: string;
      sdl: string;
      sdl_hash: string;
      label: string | null;
      published_by: string;
      published_at: Date;
    }>(
      `select s.name, s.routing_url, v.id as version_id, v.sdl, v.sdl_hash, v.label, v.published_by, v.published_at
         from subgraph s join subgraph_version v on v.id = s.current_version_id
        order by s.name`,
    );
    const events = await this.eventsOf(
      db,
      rows.map((r) => Number(r.version_id)),
    );
    return rows.map((r) => ({
      name: r.name,
      url: r.routing_url,
      sdl: r.sdl,
      sdlHash: r.sdl_hash,
      versionId: Number(r.version_id),
      label: r.label,
      publishedBy: r.published_by,
      publishedAt: iso(r.published_at)!,
      events: events.get(Number(r.version_id)) ?? { produces: [], consumes: [] },
    }));
  }

  private async eventsOf(db: Queryable, versionIds: number[]): Promise<Map<number, EventsManifest>> {
    const { rows } = await db.query<{
      version_id: string;
      direction: 'produces' | 'consumes';
      type: string;
      version: number;
      checksum: string | null;
    }>(
      `select version_id, direction, type, version, checksum from version_event where version_id = any($1) order by type, version`,
      [versionIds],
    );
    const byVersion = new Map<number, EventsManifest>();
    for (const row of rows) {
      const id = Number(row.version_id);
      let manifest = byVersion.get(id);
      if (!manifest) byVersion.set(id, (manifest = { produces: [], consumes: [] }));
      manifest[row.direction].push({ type: row.type, version: row.version, checksum: row.checksum });
    }
    return byVersion;
  }

  /** Records a new version of a subgraph (the subgraph itself on its first publish). */
  async insertVersion(tx: Queryable, proposal: SubgraphProposal, sdlHash: string, by: string): Promise<number> {
    await tx.query(`insert into subgraph (name, routing_url) values ($1, $2) on conflict (name) do nothing`, [
      proposal.name,
      proposal.url,
    ]);
    const { rows } = await tx.query<{ id: string }>(
      `insert into subgraph_version (subgraph, sdl, sdl_hash, routing_url, label, published_by)
       values ($1, $2, $3, $4, $5, $6) returning id`,
      [proposal.name, proposal.sdl, sdlHash, proposal.url, proposal.label ?? null, by],
    );
    const id = Number(rows[0]!.id);
    const refs = (direction: 'produces' | 'consumes', list: EventRef[]) =>
      list.map((e) => [id, direction, e.type, e.version, e.checksum ?? null]);
    const all = [...refs('produces', proposal.events.produces), ...refs('consumes', proposal.events.consumes)];
    if (all.length) {
      await tx.query(
        `insert into version_event (version_id, direction, type, version, checksum)
         select * from unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::text[]) on conflict do nothing`,
        [all.map((r) => r[0]), all.map((r) => r[1]), all.map((r) => r[2]), all.map((r) => r[3]), all.map((r) => r[4])],
      );
    }
    return id;
  }

  async setCurrent(tx: Queryable, name: string, versionId: number, url: string): Promise<void> {
    await tx.query(`update subgraph set current_version_id = $2, routing_url = $3, updated_at = now() where name = $1`, [
      name,
      versionId,
      url,
    ]);
  }

  async insertLaunch(
    tx: Queryable,
    launch: {
      supergraphSdl: string;
      supergraphHash: string;
      apiSchema: string;
      reason: string;
      by: string;
      versions: Record<string, number>;
    },
  ): Promise<number> {
    const { rows } = await tx.query<{ id: string }>(
      `insert into launch (supergraph_sdl, supergraph_hash, api_schema, reason, created_by) values ($1, $2, $3, $4, $5) returning id`,
      [launch.supergraphSdl, launch.supergraphHash, launch.apiSchema, launch.reason, launch.by],
    );
    const id = Number(rows[0]!.id);
    const names = Object.keys(launch.versions);
    await tx.query(
      `insert into launch_subgraph (launch_id, subgraph, version_id) select $1, * from unnest($2::text[], $3::bigint[])`,
      [id, names, names.map((n) => launch.versions[n])],
    );
    // For whoever listens (`LISTEN registry_launch`: an operator, a future push to the gateways); they poll today.
    await tx.query(`select pg_notify('registry_launch', $1)`, [String(id)]);
    return id;
  }

  async latestLaunch(db: Queryable = this.pool): Promise<Launch | null> {
    const { rows } = await db.query<LaunchRow>(`select * from launch order by id desc limit 1`);
    return rows[0] ? ((await this.withSubgraphs(db, rows))[0] as Launch) : null;
  }

  /** The id of the latest launch, cheaply (gateways poll it). */
  async latestLaunchId(): Promise<number | null> {
    const { rows } = await this.pool.query<{ id: string }>(`select max(id) as id from launch`);
    return rows[0]?.id ? Number(rows[0].id) : null;
  }

  async launch(id: number): Promise<Launch | null> {
    const { rows } = await this.pool.query<LaunchRow>(`select * from launch where id = $1`, [id]);
    return rows[0] ? ((await this.withSubgraphs(this.pool, rows))[0] as Launch) : null;
  }

  async launches(limit: number): Promise<LaunchSummary[]> {
    const { rows } = await this.pool.query<LaunchRow>(
      `select id, supergraph_hash, reason, created_by, created_at from launch order by id desc limit $1`,
      [limit],
    );
    return this.withSubgraphs(this.pool, rows);
  }

  private async withSubgraphs(db: Queryable, rows: LaunchRow[]): Promise<(LaunchSummary | Launch)[]> {
    const { rows: parts } = await db.query<{
      launch_id: string;
      subgraph: string;
      version_id: string;
      label: string | null;
      routing_url: string;
    }>(
      `select ls.launch_id, ls.subgraph, ls.version_id, v.label, v.routing_url
         from launch_subgraph ls join subgraph_version v on v.id = ls.version_id
        where ls.launch_id = any($1) order by ls.subgraph`,
      [rows.map((r) => r.id)],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      supergraphHash: r.supergraph_hash,
      reason: r.reason,
      createdBy: r.created_by,
      createdAt: iso(r.created_at)!,
      subgraphs: parts
        .filter((p) => p.launch_id === r.id)
        .map((p) => ({ name: p.subgraph, versionId: Number(p.version_id), label: p.label, url: p.routing_url })),
      ...(r.supergraph_sdl !== undefined ? { supergraphSdl: r.supergraph_sdl, apiSchema: r.api_schema! } : {}),
    }));
  }

  async versions(name: string, limit: number): Promise<Omit<PublishedSubgraph, 'sdl' | 'events'>[]> {
    const { rows } = await this.pool.query<{
      id: string;
      subgraph: string;
      routing_url: string;
      sdl_hash: string;
      label: string | null;
      published_by: string;
      published_at: Date;
    }>(
      `select id, subgraph, routing_url, sdl_hash, label, published_by, published_at
         from subgraph_version where subgraph = $1 order by id desc limit $2`,
      [name, limit],
    );
    return rows.map((r) => ({
      name: r.subgraph,
      url: r.routing_url,
      sdlHash: r.sdl_hash,
      versionId: Number(r.id),
      label: r.label,
      publishedBy: r.published_by,
      publishedAt: iso(r.published_at)!,
    }));
  }

  async recordCheck(
    db: Queryable,
    check: {
      subgraph: string;
      label: string | null;
      sdlHash: string;
      url: string;
      action: 'check' | 'publish';
      passed: boolean;
      report: unknown;
      launchId: number | null;
      by: string;
    },
  ): Promise<void> {
    await db.query(
      `insert into schema_check (subgraph, label, sdl_hash, routing_url, action, passed, report, launch_id, checked_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        check.subgraph,
        check.label,
        check.sdlHash,
        check.url,
        check.action,
        check.passed,
        JSON.stringify(check.report),
        check.launchId,
        check.by,
      ],
    );
  }

  /** Adds one flush of a gateway's counts: documents once, usage per client summed. */
  async recordOperations(reports: OperationReport[]): Promise<void> {
    if (!reports.length) return;
    const docs = new Map(reports.map((r) => [r.hash, r]));
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      const d = [...docs.values()];
      await client.query(
        `insert into operation_document (hash, document, signature, name, kind)
         select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) on conflict (hash) do nothing`,
        [d.map((r) => r.hash), d.map((r) => r.document), d.map((r) => r.signature), d.map((r) => r.name), d.map((r) => r.kind)],
      );
      // One row per (hash, client, version) in this batch: sum duplicates first (an upsert may touch a row once).
      const usage = new Map<string, OperationReport>();
      for (const r of reports) {
        const key = `${r.hash}\u0000${r.clientName}\u0000${r.clientVersion}`;
        const seen = usage.get(key);
        usage.set(
          key,
          seen ? { ...seen, count: seen.count + r.count, lastSeen: seen.lastSeen > r.lastSeen ? seen.lastSeen : r.lastSeen } : r,
        );
      }
      const u = [...usage.values()];
      await client.query(
        `insert into operation_usage (hash, client_name, client_version, count, first_seen, last_seen)
         select h, c, v, n, s, s from unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::timestamptz[]) as t (h, c, v, n, s)
         on conflict (hash, client_name, client_version)
         do update set count = operation_usage.count + excluded.count, last_seen = greatest(operation_usage.last_seen, excluded.last_seen)`,
        [
          u.map((r) => r.hash),
          u.map((r) => r.clientName),
          u.map((r) => r.clientVersion),
          u.map((r) => r.count),
          u.map((r) => r.lastSeen),
        ],
      );
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Operations in use: recorded within the window, and every registered trusted document. */
  async operationsInUse(windowDays: number, db: Queryable = this.pool): Promise<OperationInUse[]> {
    const { rows: recorded } = await db.query<{
      hash: string;
      document: string;
      name: string | null;
      client_name: string;
      client_version: string;
      count: string;
      last_seen: Date;
    }>(
      `select d.hash, d.document, d.name, u.client_name, u.client_version, u.count, u.last_seen
         from operation_usage u join operation_document d on d.hash = u.hash
        where u.last_seen > now() - make_interval(days => $1)
        order by d.hash, u.count desc`,
      [windowDays],
    );
    const { rows: trusted } = await db.query<{ hash: string; document: string; client_name: string; client_version: string }>(
      `select t.hash, t.document, m.client_name, m.client_version
         from trusted_document t join trusted_manifest m on m.id = t.manifest_id order by t.hash`,
    );
    const byHash = new Map<string, OperationInUse>();
    for (const r of recorded) {
      let op = byHash.get(r.hash);
      if (!op) byHash.set(r.hash, (op = { hash: r.hash, document: r.document, name: r.name, source: 'recorded', clients: [] }));
      op.clients.push({ name: r.client_name, version: r.client_version, count: Number(r.count), lastSeen: iso(r.last_seen) });
    }
    for (const r of trusted) {
      let op = byHash.get(r.hash);
      if (!op) byHash.set(r.hash, (op = { hash: r.hash, document: r.document, name: null, source: 'trusted', clients: [] }));
      if (!op.clients.some((c) => c.name === r.client_name && c.version === r.client_version))
        op.clients.push({ name: r.client_name, version: r.client_version, count: 0, lastSeen: null });
    }
    return [...byHash.values()];
  }

  /** Recorded operations, most used first (for people: `npm run schema -- operations`). */
  async operations(limit: number): Promise<RecordedOperation[]> {
    const { rows } = await this.pool.query<{
      hash: string;
      name: string | null;
      kind: string | null;
      signature: string;
      clients: { name: string; version: string; count: number; lastSeen: string }[];
    }>(
      `select d.hash, d.name, d.kind, d.signature,
              json_agg(json_build_object('name', u.client_name, 'version', u.client_version, 'count', u.count, 'lastSeen', u.last_seen)
                       order by u.count desc) as clients
         from operation_document d join operation_usage u on u.hash = d.hash
        group by d.hash order by sum(u.count) desc limit $1`,
      [limit],
    );
    return rows;
  }

  /** Registers (or replaces) one client version's trusted documents. */
  async publishManifest(manifest: TrustedManifest, by: string): Promise<number> {
    return this.serialized(async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `insert into trusted_manifest (client_name, client_version, published_by) values ($1, $2, $3)
         on conflict (client_name, client_version) do update set published_by = excluded.published_by, published_at = now()
         returning id`,
        [manifest.client, manifest.version, by],
      );
      const id = Number(rows[0]!.id);
      await tx.query(`delete from trusted_document where manifest_id = $1`, [id]);
      const entries = Object.entries(manifest.documents);
      await tx.query(
        `insert into trusted_document (manifest_id, hash, document) select $1, * from unnest($2::text[], $3::text[])`,
        [id, entries.map((e) => e[0]), entries.map((e) => e[1])],
      );
      return id;
    });
  }

  async retireManifest(client: string, version: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(`delete from trusted_manifest where client_name = $1 and client_version = $2`, [
      client,
      version,
    ]);
    return (rowCount ?? 0) > 0;
  }

  /** Every registered manifest with its documents, and a tag that changes whenever one changes. */
  async manifests(): Promise<{ tag: string; manifests: TrustedManifest[] }> {
    const { rows } = await this.pool.query<{
      id: string;
      client_name: string;
      client_version: string;
      published_at: Date;
      hash: string | null;
      document: string | null;
    }>(
      `select m.id, m.client_name, m.client_version, m.published_at, t.hash, t.document
         from trusted_manifest m left join trusted_document t on t.manifest_id = m.id order by m.id, t.hash`,
    );
    const byId = new Map<string, TrustedManifest & { at: string }>();
    for (const r of rows) {
      let m = byId.get(r.id);
      if (!m) byId.set(r.id, (m = { client: r.client_name, version: r.client_version, documents: {}, at: iso(r.published_at)! }));
      if (r.hash && r.document !== null) m.documents[r.hash] = r.document;
    }
    const list = [...byId.entries()];
    const tag = list.map(([id, m]) => `${id}@${m.at}`).join(',') || 'none';
    return { tag, manifests: list.map(([, { at: _at, ...m }]) => m) };
  }

  /** A gateway polled: remember the launch it serves. */
  async reportGateway(id: string, launchId: number | null): Promise<void> {
    await this.pool.query(
      `insert into gateway_instance (id, launch_id) values ($1, $2)
       on conflict (id) do update set launch_id = excluded.launch_id, last_seen = now()`,
      [id, launchId],
    );
  }

  /** Gateways seen within `staleSeconds`, and the launch each serves. */
  async gateways(staleSeconds: number): Promise<GatewayInstance[]> {
    const { rows } = await this.pool.query<{ id: string; launch_id: string | null; started_at: Date; last_seen: Date }>(
      `select id, launch_id, started_at, last_seen from gateway_instance
        where last_seen > now() - make_interval(secs => $1) order by id`,
      [staleSeconds],
    );
    // Forget gateways gone for a day.
    await this.pool.query(`delete from gateway_instance where last_seen < now() - interval '1 day'`);
    return rows.map((r) => ({
      id: r.id,
      launchId: r.launch_id === null ? null : Number(r.launch_id),
      startedAt: iso(r.started_at)!,
      lastSeen: iso(r.last_seen)!,
    }));
  }
}
