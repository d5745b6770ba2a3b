import { ROOT_CONTEXT, SpanKind, type Tracer } from '@opentelemetry/api';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Settlement } from '../events/bus.js';
import type { EventEnvelope } from '../events/contract.js';
import { inBackground } from '../request-scope.js';
import type { ServiceMetrics } from './metrics.js';
import { inSpan, linksTo } from './tracing.js';

/** From a moment to an hour: an event normally lands in well under a second; a tier that was down catches up. */
const LAG_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

/**
 * How a consumer's work is made visible: each delivered event is settled inside a consumer span of
 * its own trace, linked to the span that emitted it (the producer's mutation), and counted by outcome;
 * an event applied for the first time observes its lag from `occurredAt`.
 */
export interface EventObserver {
  settle(envelope: EventEnvelope, queue: string, work: () => Promise<Settlement>): Promise<Settlement>;
  /** The event's effect committed now (not a redelivery found in the inbox). */
  applied(envelope: EventEnvelope): void;
}

export function eventObserver(metrics: ServiceMetrics | null, tracer: Tracer | null): EventObserver | undefined {
  if (!metrics && !tracer) return undefined;
  const settled = metrics?.counter('cso_events_settled_total', 'Delivered events settled by this consumer, by outcome', [
    'type',
    'outcome',
  ]);
  const lag = metrics?.histogram(
    'cso_event_apply_lag_seconds',
    "Time from an event's occurredAt at its producer to its effect committed here",
    ['type'],
    LAG_BUCKETS,
  );
  const count = async (envelope: EventEnvelope, work: () => Promise<Settlement>) => {
    const outcome = await work();
    settled?.inc({ type: envelope.type, outcome });
    return outcome;
  };
  return {
    settle: (envelope, queue, work) =>
      tracer
        ? inSpan(
            tracer,
            `apply ${envelope.type}`,
            {
              kind: SpanKind.CONSUMER,
              root: true,
              links: linksTo(envelope.traceContext),
              attributes: {
                'messaging.system': 'pg-boss',
                'messaging.operation.type': 'process',
                'messaging.destination.name': queue,
                'messaging.message.id': envelope.id,
                'cso.event.type': envelope.type,
                'cso.event.version': envelope.version,
                'cso.event.producer': envelope.producer,
              },
            },
            async (span) => {
              const outcome = await count(envelope, work);
              span.setAttribute('cso.event.outcome', outcome);
              return outcome;
            },
            ROOT_CONTEXT,
          )
        : count(envelope, work),
    applied: (envelope) => {
      const occurred = Date.parse(envelope.occurredAt);
      if (lag && Number.isFinite(occurred)) lag.observe({ type: envelope.type }, Math.max(0, Date.now() - occurred) / 1000);
    },
  };
}

/** The outbox as gauges, read at scrape time: events waiting to be published, the age of the oldest, and parked events. */
export function watchOutbox(metrics: ServiceMetrics, orm: MikroORM): void {
  const pending = metrics.gauge(
    'cso_outbox_pending_events',
    'Outbox events committed and not yet published (parked ones excluded)',
  );
  const oldest = metrics.gauge(
    'cso_outbox_oldest_pending_age_seconds',
    'Age of the oldest outbox event not yet published (0 when none waits)',
  );
  const parked = metrics.gauge('cso_outbox_parked_events', 'Outbox events set aside by the relay until an operator replays them');
  metrics.onScrape('outbox', async () => {
    // Unpublished rows only (the published_at index), whatever the size of the published history.
    const [row] = await inBackground(() =>
      orm.em.fork().execute<{ pending: string; parked: string; oldest_age: number | null }[]>(
        `select count(*) filter (where parked_at is null) as pending,
                count(*) filter (where parked_at is not null) as parked,
                extract(epoch from now() - min(occurred_at) filter (where parked_at is null))::float8 as oldest_age
         from outbox where published_at is null`,
        [],
        'all',
      ),
    );
    pending.set(Number(row?.pending ?? 0));
    parked.set(Number(row?.parked ?? 0));
    oldest.set(Math.max(0, Number(row?.oldest_age ?? 0)));
  });
}

export interface QueueCounts {
  queue: string;
  queued: number;
  active: number;
  deferred: number;
  /** True for a consumer's dead-letter queue. */
  deadLetter: boolean;
}

/** A consumer's queues as gauges, read at scrape time from the bus: jobs waiting, being worked on and deferred, and dead letters. */
export function watchQueues(metrics: ServiceMetrics, read: () => Promise<QueueCounts[] | null>): void {
  const jobs = metrics.gauge('cso_event_queue_jobs', "Jobs in this consumer's queues, by state", ['queue', 'state']);
  const deadLetters = metrics.gauge('cso_event_dead_letters', "Events in this consumer's dead-letter queue", ['queue']);
  metrics.onScrape('queues', async () => {
    const counts = await read();
    if (!counts) return;
    for (const c of counts) {
      if (c.deadLetter) deadLetters.set({ queue: c.queue }, c.queued);
      else
        for (const [state, value] of [
          ['queued', c.queued],
          ['active', c.active],
          ['deferred', c.deferred],
        ] as const)
          jobs.set({ queue: c.queue, state }, value);
    }
  });
}
