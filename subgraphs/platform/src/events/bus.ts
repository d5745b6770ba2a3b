import { PgBoss, type JobResult } from 'pg-boss';
import type { Logger } from 'pino';
import { stableUuid } from '../ids.js';
import { inBackground } from '../request-scope.js';
import { IDLE_CONNECTION_MS } from '../database.js';
import { databaseTrouble } from '../unavailable.js';
import type { QueueCounts } from '../observability/events.js';
import { deadLetterQueue, queueName, type EventContract, type EventEnvelope } from './contract.js';

/** An error of the bus as a whole (unreachable): no event is to blame, so none is charged an attempt. */
export class BusUnavailableError extends Error {}

/** How a consumer settles one event: applied (or already applied), to be retried, or never applicable. */
export type Settlement = 'completed' | 'failed' | 'deadletter';

/** The durable bus between tiers, behind a small interface so that a broker can replace pg-boss. */
export interface EventBus {
  /** False while the bus cannot be reached (the relay then leaves events in the outbox). */
  readonly connected: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Makes sure every consumer of the contract has its queue (and the current settings). */
  route(contract: EventContract<unknown>): Promise<void>;
  /**
   * Delivers events of one contract to the queue of each of its consumers. Throws when a queue is
   * missing, so the caller keeps the events (`BusUnavailableError` when the bus is unreachable);
   * sending the same event again adds nothing.
   */
  deliver(contract: EventContract<unknown>, envelopes: EventEnvelope[]): Promise<void>;
  /** Takes a consumer's events in batches (woken at once when one is sent), settling each on its own. */
  consume(
    consumer: string,
    contract: EventContract<unknown>,
    handler: (envelope: EventEnvelope) => Promise<Settlement>,
  ): Promise<void>;
  /** Events a tier gave up on after its retries, oldest first (for an operator). */
  deadLetters(consumer: string, limit?: number): Promise<DeadLetter[]>;
  /** Puts dead letters (all, or these ids) back into their queues; returns how many moved. */
  replay(consumer: string, ids?: string[]): Promise<number>;
  /** Jobs per state in these queues, for metrics (as last counted by the bus); queues that do not exist are left out. */
  queueCounts?(queues: string[]): Promise<QueueCounts[]>;
}

export interface DeadLetter {
  /** The job id in the dead-letter queue (what `replay` takes). */
  id: string;
  /** The queue it failed in, `<consumer>.<event type>`. */
  queue: string | null;
  deadLetteredAt: Date;
  envelope: EventEnvelope;
}

export interface RetryPolicy {
  retryLimit: number;
  retryDelaySeconds: number;
  retryDelayMaxSeconds: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retryLimit: 8, retryDelaySeconds: 1, retryDelayMaxSeconds: 300 };

export interface BusOptions extends RetryPolicy {
  /**
   * A consumer's job sends a heartbeat this often (seconds, at least 10); one that stops (the process
   * was killed inside its handler) is failed and retried by the supervisor, not left active for 15 min.
   */
  heartbeatSeconds: number;
  /** How often the supervisor looks for such jobs. */
  superviseSeconds: number;
  /** Events a consumer takes at once. */
  batchSize: number;
}

export const DEFAULT_BUS_OPTIONS: BusOptions = { ...DEFAULT_RETRY, heartbeatSeconds: 10, superviseSeconds: 10, batchSize: 50 };

/** A tier may be down for long and an operator may take time: keep queued events and dead letters a year. */
const RETENTION_SECONDS = 365 * 24 * 60 * 60;

/**
 * pg-boss in its own database: one queue per consuming tier and event type; failed handlers are
 * retried with exponential backoff, then moved to the tier's dead-letter queue. Queues notify their
 * workers when an event arrives (LISTEN/NOTIFY), with slow polling only as a backstop.
 */
export class PgBossBus implements EventBus {
  private readonly boss: PgBoss;
  private readonly routed = new Set<string>();
  private healthy = false;

  constructor(
    connectionString: string,
    private readonly log: Logger,
    private readonly options: BusOptions = DEFAULT_BUS_OPTIONS,
  ) {
    this.boss = new PgBoss({
      connectionString,
      schema: 'pgboss',
      max: 4,
      // Kept across the supervision and backstop polls (pg's default of 10 s reconnects for every poll).
      idleTimeoutMillis: IDLE_CONNECTION_MS,
      supervise: true,
      superviseIntervalSeconds: options.superviseSeconds,
      // Jobs whose heartbeat stopped are failed by the queue's monitor pass, which runs at most this often.
      monitorIntervalSeconds: options.superviseSeconds,
      useListenNotify: true,
      // What an idle instance would otherwise poll for, unused here: cron schedules, job flows
      // (parent and child jobs; the resolver's pass is kept as a slow backstop), and vacuum statistics
      // of the job tables (the database operator watches autovacuum).
      schedule: false,
      flowIntervalSeconds: 300,
      monitorVacuum: false,
      // pg-boss's registry of running instances (unused: each service has its own health and metrics) beats
      // every 30 s and samples the event loop every 20 ms for it: 50 wake-ups a second of an idle process.
      registerInstance: false,
      application_name: 'cso-bus',
    } as ConstructorParameters<typeof PgBoss>[0]);
    this.boss.on('error', (error) => {
      if (databaseTrouble(error)) this.healthy = false;
      this.log.warn({ err: error }, 'event bus error');
    });
  }

  get connected(): boolean {
    return this.healthy;
  }

  async start(): Promise<void> {
    await this.boss.start();
    this.healthy = true;
  }

  async stop(): Promise<void> {
    this.healthy = false;
    await this.boss.stop({ graceful: true, timeout: 5000 });
  }

  /** Runs a bus call, noting whether the bus answered. */
  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      this.healthy = true;
      return result;
    } catch (error) {
      if (databaseTrouble(error)) {
        this.healthy = false;
        throw new BusUnavailableError(`the event bus is unreachable: ${String(error)}`, { cause: error });
      }
      throw error;
    }
  }

  private async ensureQueue(name: string, options: Parameters<PgBoss['createQueue']>[1]): Promise<void> {
    const existing = await this.boss.getQueue(name);
    if (!existing) return this.boss.createQueue(name, options);
    // createQueue never changes a queue: bring an existing one to the current settings.
    const wanted = Object.fromEntries(
      (
        [
          'retryLimit',
          'retryDelay',
          'retryBackoff',
          'retryDelayMax',
          'retentionSeconds',
          'deadLetter',
          'heartbeatSeconds',
          'notify',
        ] as const
      )
        .filter((key) => options?.[key] !== undefined)
        .map((key) => [key, options![key]]),
    );
    if (Object.entries(wanted).some(([key, value]) => existing[key as keyof typeof existing] !== value)) {
      await this.boss.updateQueue(name, wanted);
    }
  }

  async route(contract: EventContract<unknown>): Promise<void> {
    if (this.routed.has(contract.type)) return;
    await this.call(async () => {
      for (const consumer of contract.consumers) {
        await this.ensureQueue(deadLetterQueue(consumer), { retentionSeconds: RETENTION_SECONDS });
        await this.ensureQueue(queueName(consumer, contract.type), {
          retryLimit: this.options.retryLimit,
          retryDelay: this.options.retryDelaySeconds,
          retryBackoff: true,
          retryDelayMax: this.options.retryDelayMaxSeconds,
          retentionSeconds: RETENTION_SECONDS,
          deadLetter: deadLetterQueue(consumer),
          heartbeatSeconds: this.options.heartbeatSeconds,
          notify: true,
        });
      }
    });
    this.routed.add(contract.type);
  }

  async deliver(contract: EventContract<unknown>, envelopes: EventEnvelope[]): Promise<void> {
    if (!envelopes.length) return;
    await this.route(contract);
    await this.call(async () => {
      for (const consumer of contract.consumers) {
        // The job id is derived from the event and the consumer: a re-send is refused by the queue.
        const jobs = envelopes.map((envelope) => ({
          id: stableUuid(`event:${envelope.id}:${consumer}`),
          data: envelope as unknown as object,
        }));
        // insert() throws when the queue does not exist, so an event is never marked sent to nobody.
        await this.boss.insert(queueName(consumer, contract.type), jobs);
      }
    });
  }

  async consume(
    consumer: string,
    contract: EventContract<unknown>,
    handler: (envelope: EventEnvelope) => Promise<Settlement>,
  ): Promise<void> {
    await this.route(contract);
    await this.call(() =>
      this.boss.work<EventEnvelope>(
        queueName(consumer, contract.type),
        {
          batchSize: this.options.batchSize,
          pollingIntervalSeconds: 2,
          // A retried job is not announced (only new ones are): the backstop poll picks it up. Every
          // queue of every tier polls (14 queues), so this is most of what the bus does while idle;
          // a consumer killed in its handler is still redelivered within heartbeat + supervision + this.
          notifyPollingIntervalSeconds: 10,
          burstWhenBatchFull: true,
          perJobResults: true,
        },
        async (jobs): Promise<JobResult[]> => {
          const results: JobResult[] = [];
          // In order: events of one queue are applied one after another.
          for (const job of jobs) results.push({ id: job.id, status: await inBackground(() => handler(job.data)) });
          return results;
        },
      ),
    );
  }

  async deadLetters(consumer: string, limit = 100): Promise<DeadLetter[]> {
    return this.call(async () => {
      // A tier that consumes nothing has no dead-letter queue, hence no dead letters.
      if (!(await this.boss.getQueue(deadLetterQueue(consumer)))) return [];
      const jobs = await this.boss.findJobs<EventEnvelope>(deadLetterQueue(consumer), { limit });
      return jobs.map((job) => ({ id: job.id, queue: job.sourceName, deadLetteredAt: job.createdOn, envelope: job.data }));
    });
  }

  async replay(consumer: string, ids?: string[]): Promise<number> {
    return this.call(async () => {
      if (!(await this.boss.getQueue(deadLetterQueue(consumer)))) return 0;
      return this.boss.redrive(deadLetterQueue(consumer), ids ? { ids } : {});
    });
  }

  async queueCounts(queues: string[]): Promise<QueueCounts[]> {
    return this.call(async () =>
      (await this.boss.getQueues(queues)).map((q) => ({
        queue: q.name,
        queued: Number(q.queuedCount),
        active: Number(q.activeCount),
        deferred: Number(q.deferredCount),
        deadLetter: q.name.endsWith(deadLetterQueue('')),
      })),
    );
  }
}
