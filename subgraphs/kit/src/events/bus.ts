import { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import { deadLetterQueue, queueName, type EventContract, type EventEnvelope } from './contract.js';

/** The durable bus between tiers, behind a small interface so that a broker can replace pg-boss. */
export interface EventBus {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Makes sure every consumer of the contract has its queue, so that nothing published is lost. */
  route(contract: EventContract<unknown>): Promise<void>;
  publish(envelope: EventEnvelope): Promise<void>;
  consume(consumer: string, contract: EventContract<unknown>, handler: (envelope: EventEnvelope) => Promise<void>): Promise<void>;
}

export interface RetryPolicy {
  retryLimit: number;
  retryDelaySeconds: number;
  retryDelayMaxSeconds: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retryLimit: 8, retryDelaySeconds: 1, retryDelayMaxSeconds: 300 };

/**
 * pg-boss in its own database: publish fans an event out to one queue per consuming tier; failed
 * handlers are retried with exponential backoff, then moved to the tier's dead-letter queue.
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

  async route(contract: EventContract<unknown>): Promise<void> {
    if (this.routed.has(contract.type)) return;
    for (const consumer of contract.consumers) {
      await this.boss.createQueue(deadLetterQueue(consumer));
      const queue = queueName(consumer, contract.type);
      await this.boss.createQueue(queue, {
        retryLimit: this.retry.retryLimit,
        retryDelay: this.retry.retryDelaySeconds,
        retryBackoff: true,
        retryDelayMax: this.retry.retryDelayMaxSeconds,
        deadLetter: deadLetterQueue(consumer),
      });
      await this.boss.subscribe(contract.type, queue);
    }
    this.routed.add(contract.type);
  }

  async publish(envelope: EventEnvelope): Promise<void> {
    await this.boss.publish(envelope.type, envelope as unknown as object);
  }

  async consume(consumer: string, contract: EventContract<unknown>, handler: (envelope: EventEnvelope) => Promise<void>): Promise<void> {
    await this.route(contract);
    await this.boss.work<EventEnvelope>(queueName(consumer, contract.type), { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
      if (job) await handler(job.data);
    });
  }
}
