import { context, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { ServiceMetrics } from './metrics.js';

/** One SQL statement as the ORM saw it: its text with `?` placeholders (never the values), and its time. */
export interface StatementSeen {
  query: string;
  tookMs: number;
  failed: boolean;
}

const MAX_STATEMENT = 2000;

/** `select … from "inbox" …` → `SELECT inbox`: the operation and the first table named. */
export function statementName(query: string): string {
  const operation = /^\s*\(?\s*([a-z]+)/i.exec(query)?.[1]?.toUpperCase() ?? 'SQL';
  const table = /\b(?:from|into|update|join)\s+"?([a-z_][a-z0-9_]*)"?/i.exec(query)?.[1];
  return table ? `${operation} ${table}` : operation;
}

/**
 * A span per SQL statement, a child of the span active when the statement ran (a root field, a
 * request, an event's consumer); statements of no traced work (the relay's polling, jobs) make none.
 * The span starts when the ORM started the statement (waiting for a pooled connection included).
 */
export function statementSpans(tracer: Tracer): (statement: StatementSeen) => void {
  return ({ query, tookMs, failed }) => {
    const parent = context.active();
    if (!trace.getSpan(parent)?.isRecording()) return;
    const end = new Date();
    const span = tracer.startSpan(
      statementName(query),
      {
        kind: SpanKind.CLIENT,
        startTime: new Date(end.getTime() - tookMs),
        attributes: {
          'db.system.name': 'postgresql',
          'db.query.text': query.length > MAX_STATEMENT ? `${query.slice(0, MAX_STATEMENT)}…` : query,
        },
      },
      parent,
    );
    if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end(end);
  };
}

/** The connection pool as gauges, read at scrape time: connections in use, idle, the most allowed, and requests waiting for one. */
export function watchPool(metrics: ServiceMetrics, orm: MikroORM, max: number): void {
  const connections = metrics.gauge('cso_db_pool_connections', 'Connections of the database pool, by state', ['state']);
  const waiting = metrics.gauge('cso_db_pool_waiting_requests', 'Callers waiting for a pooled connection');
  metrics.gauge('cso_db_pool_max_connections', 'The pool size (DATABASE_POOL_MAX)').set(max);
  metrics.onScrape('pool', async () => {
    const pool = (await orm.em.getConnection().getNativeClient()) as unknown as PoolCounts;
    connections.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
    connections.set({ state: 'idle' }, pool.idleCount);
    waiting.set(pool.waitingCount);
  });
}

/** What node-postgres' pool counts. */
interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}
