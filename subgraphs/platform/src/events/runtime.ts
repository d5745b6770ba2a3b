import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { PgBossBus, type BusOptions, type EventBus } from './bus.js';
import type { EventObserver, QueueCounts } from '../observability/events.js';
import { startConsumers, type Consumer } from './consumer.js';
import { deadLetterQueue, queueName, type EventContract } from './contract.js';
import { OutboxRelay, type RelayOptions } from './outbox.js';
import { OutboxCommitSubscriber } from './outbox-wake.js';

export interface EventRuntimeOptions {
  service: string;
  busUrl: string;
  produces: EventContract<unknown>[];
  consumers: Consumer<unknown>[];
  bus: BusOptions;
  relay: RelayOptions;
  /** How long a consumer waits for this service's own database before a try counts as failed. */
  databaseWaitMs: number;
  /** Traces and counts what the consumers settle (metrics and tracing). */
  observer?: EventObserver;
}

/**
 * A service's events: the outbox relay (when it produces) and its consumers (when it consumes). The
 * bus is not a start-up dependency: the service serves as soon as it can, and the runtime connects in
 * the background, trying again with backoff until the bus answers; events wait in the outbox
 * meanwhile. Once connected, a bus that goes away is ridden out (the relay keeps events, pg-boss
 * reconnects its pool).
 */
export class EventRuntime {
  private bus: EventBus | null = null;
  private relayInstance: OutboxRelay | null = null;
  private stopped = false;
  private connecting?: Promise<void>;
  private retryTimer?: NodeJS.Timeout;
  private wake?: () => void;

  constructor(
    private readonly orm: MikroORM,
    private readonly options: EventRuntimeOptions,
    private readonly log: Logger,
  ) {
    // A commit that wrote outbox rows wakes the relay, which otherwise polls slowly while idle.
    if (options.produces.length)
      orm.em.getEventManager().registerSubscriber(new OutboxCommitSubscriber(() => this.relayInstance?.wake()));
  }

  /** The relay, once connected (tests flush it). */
  get relay(): OutboxRelay | null {
    return this.relayInstance;
  }

  get connected(): boolean {
    return this.bus?.connected ?? false;
  }

  /** Starts connecting in the background; resolves at once. */
  start(): void {
    this.connecting = this.connectLoop();
  }

  /** Resolves once connected (or stopped); tests and the launcher wait for it. */
  async ready(): Promise<void> {
    await this.connecting;
  }

  private async connectLoop(): Promise<void> {
    for (let delay = 1000; !this.stopped; delay = Math.min(delay * 2, 30_000)) {
      const bus = new PgBossBus(this.options.busUrl, this.log, this.options.bus);
      try {
        await bus.start();
        for (const contract of [...this.options.produces, ...this.options.consumers.map((c) => c.contract)])
          await bus.route(contract);
        if (this.stopped) {
          await bus.stop();
          return;
        }
        this.bus = bus;
        if (this.options.produces.length) {
          this.relayInstance = new OutboxRelay(
            this.orm,
            bus,
            this.options.service,
            this.options.produces,
            this.log,
            this.options.relay,
          );
          this.relayInstance.start();
        }
        await startConsumers(bus, this.orm, this.options.service, this.options.consumers, this.log, {
          databaseWaitMs: this.options.databaseWaitMs,
          observer: this.options.observer,
        });
        this.log.info('connected to the event bus');
        return;
      } catch (error) {
        await bus.stop().catch(() => undefined);
        this.log.warn({ err: error, retryInMs: delay }, 'the event bus cannot be reached; serving without it and trying again');
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.retryTimer = setTimeout(resolve, delay);
        });
      }
    }
  }

  /** This service's consumer queues and its dead-letter queue, counted by the bus; null while not connected. */
  async queueCounts(): Promise<QueueCounts[] | null> {
    const { service, consumers } = this.options;
    if (!this.bus?.connected || !this.bus.queueCounts || !consumers.length) return null;
    return this.bus.queueCounts([...consumers.map((c) => queueName(service, c.contract.type)), deadLetterQueue(service)]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.wake?.();
    await this.connecting;
    await this.relayInstance?.stop();
    await this.bus?.stop().catch(() => undefined);
  }
}
