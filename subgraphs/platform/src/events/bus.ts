import { PgBoss } from 'pg-boss';
import { stableUuid } from '../ids.js';
import type { Logger } from 'pino';
import { deadLetterQueue, queueName, type EventContract, type EventEnvelope } from './contract.js';

/** The durable bus between tiers, behind a small interface so that a broker can replace pg-boss. */
export interface EventBus {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Makes sure every consumer of the contract has its queue (and the current retry settings). */
  route(contract: EventContract<unknown>): Promise<void>;
  /**
   * Delivers an event to the queue of each of its contract's consumers. Throws when a queue is
   * missing, so the caller keeps the event; sending the same event again adds nothing.
   */
  deliver(contract: EventContract<unknown>, envelope: EventEnvelope): Promise<void>;
  consume(consumer: string, contract: EventContract<unknown>, handler: (envelope: EventEnvelope) => Promise<void>): Promise<void>;
  /** Events a tier gave up on after its retries, oldest first (for an operator). */
  deadLetters(consumer: string, limit?: number): Promise<DeadLetter[]>;
  /** Puts dead letters (all, or these ids) back into their queues; returns how many moved. */
  replay(consumer: string, ids?: string[]): Promise<number>;
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

/** A tier may be down for long and an operator may take time: keep queued events and dead letters a year. */
const RETENTION_SECONDS = 365 * 24 * 60 * 60;

/**
 * pg-boss in its own database: one queue per consuming tier and event type; failed handlers are
 * retried with exponential backoff, then moved to the tier's dead-letter queue.
 */
export class PgBossBus implements EventBus {
  private readonly boss: PgBoss;
  private readonly routed = new Set<string>();

  constructor(
    connectionString: string,
    private readonly log: Logger,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    this.boss = new PgBoss({ connectionString, schema: 'pgboss', max: 4, supervise: true });
    this.boss.on('error', (error) => this.log.error({ err: error }, 'event bus error'));
  }

  async start(): Promise<void> {
    await this.boss.start();
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: 5000 });
  }

  private async ensureQueue(name: string, options: Parameters<PgBoss['createQueue']>[1]): Promise<void> {
    const existing = await this.boss.getQueue(name);
    if (!existing) return this.boss.createQueue(name, options);
    // createQueue never changes a queue: bring an existing one to the current settings.
    const wanted = Object.fromEntries(
      (['retryLimit', 'retryDelay', 'retryBackoff', 'retentionSeconds', 'deadLetter'] as const)
        .filter((key) => options?.[key] !== undefined)
        .map((key) => [key, options![key]]),
    );
    if (Object.entries(wanted).some(([key, value]) => existing[key as keyof typeof existing] !== value)) {
      await this.boss.updateQueue(name, wanted);
    }
  }

  async route(contract: EventContract<unknown>): Promise<void> {
    if (this.routed.has(contract.type)) return;
    for (const consumer of contract.consumers) {
      await this.ensureQueue(deadLetterQueue(consumer), { retentionSeconds: RETENTION_SECONDS });
      await this.ensureQueue(queueName(consumer, contract.type), {
        retryLimit: this.retry.retryLimit,
        retryDelay: this.retry.retryDelaySeconds,
        retryBackoff: true,
        retryDelayMax: this.retry.retryDelayMaxSeconds,
        retentionSeconds: RETENTION_SECONDS,
        deadLetter: deadLetterQueue(consumer),
      });
    }
    this.routed.add(contract.type);
  }

  async deliver(contract: EventContract<unknown>, envelope: EventEnvelope): Promise<void> {
    await this.route(contract);
    for (const consumer of contract.consumers) {
      // The job id is derived from the event and the consumer: a re-send is refused by the queue.
      const id = stableUuid(`event:${envelope.id}:${consumer}`);
      // send() throws when the queue does not exist, so an event is never marked sent to nobody.
      await this.boss.send(queueName(consumer, contract.type), envelope as unknown as object, { id });
    }
  }

  async consume(
    consumer: string,
    contract: EventContract<unknown>,
    handler: (envelope: EventEnvelope) => Promise<void>,
  ): Promise<void> {
    await this.route(contract);
    await this.boss.work<EventEnvelope>(
      queueName(consumer, contract.type),
      { batchSize: 1, pollingIntervalSeconds: 0.5 },
      async ([job]) => {
        if (job) await handler(job.data);
      },
    );
  }

  async deadLetters(consumer: string, limit = 100): Promise<DeadLetter[]> {
    // A tier that consumes nothing has no dead-letter queue, hence no dead letters.
    if (!(await this.boss.getQueue(deadLetterQueue(consumer)))) return [];
    const jobs = await this.boss.findJobs<EventEnvelope>(deadLetterQueue(consumer), { limit });
    return jobs.map((job) => ({ id: job.id, queue: job.sourceName, deadLetteredAt: job.createdOn, envelope: job.data }));
  }

  async replay(consumer: string, ids?: string[]): Promise<number> {
    if (!(await this.boss.getQueue(deadLetterQueue(consumer)))) return 0;
    return this.boss.redrive(deadLetterQueue(consumer), ids ? { ids } : {});
  }
}
