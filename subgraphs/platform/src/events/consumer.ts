import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { EventBus, Settlement } from './bus.js';
import type { EventObserver } from '../observability/events.js';
import { databaseTrouble } from '../unavailable.js';
import { queueName, type EventContract, type EventEnvelope } from './contract.js';

/** How a tier applies one event type to its own database. */
export interface Consumer<P> {
  contract: EventContract<P>;
  apply: (tx: EntityManager, payload: P, envelope: EventEnvelope<P>) => Promise<void>;
}

export function consumerOf<P>(contract: EventContract<P>, apply: Consumer<P>['apply']): Consumer<P> {
  return { contract, apply };
}

/**
 * Applies an event once: the inbox row and the effect commit together, so a redelivered event
 * finds its id already there and does nothing. A throw rolls both back and the bus retries.
 */
export async function applyOnce<P>(
  orm: MikroORM,
  consumerName: string,
  consumer: Consumer<P>,
  envelope: EventEnvelope,
  log: Logger,
): Promise<boolean> {
  if (envelope.type !== consumer.contract.type || envelope.version !== consumer.contract.version) {
    throw new Error(`${consumerName} cannot apply ${envelope.type} v${envelope.version}`);
  }
  const payload = consumer.contract.payload.parse(envelope.payload);
  return orm.em.fork().transactional(async (tx) => {
    const inserted = await tx.execute<{ event_id: string }[]>(
      `insert into inbox (event_id, consumer, type) values (?, ?, ?) on conflict do nothing returning event_id`,
      [envelope.id, consumerName, envelope.type],
      'all',
    );
    if (!inserted.length) {
      log.debug({ eventId: envelope.id, type: envelope.type }, 'event already applied');
      return false;
    }
    await consumer.apply(tx, payload, envelope as EventEnvelope<P>);
    return true;
  });
}

export interface ConsumeOptions {
  /** How long a consumer waits for its own database to come back before a try counts as failed. */
  databaseWaitMs: number;
  /** Traces and counts each settlement, and the lag of each event applied (none when metrics and tracing are off). */
  observer?: EventObserver;
}

/**
 * Settles one delivered event: applied once (or found already applied) is `completed`; a payload its
 * contract refuses is `deadletter` at once; while this tier's own database is unreachable the
 * consumer waits for it (checking every few seconds, the job's heartbeat keeping it claimed) instead
 * of spending its retries; any other failure is `failed`, retried with backoff by the bus.
 */
export async function settle<P>(
  orm: MikroORM,
  consumerName: string,
  consumer: Consumer<P>,
  envelope: EventEnvelope,
  log: Logger,
  options: ConsumeOptions,
): Promise<Settlement> {
  const parsed = consumer.contract.payload.safeParse(envelope.payload);
  if (envelope.type !== consumer.contract.type || envelope.version !== consumer.contract.version || !parsed.success) {
    log.error(
      { eventId: envelope.id, type: envelope.type, version: envelope.version },
      'event payload refused by its contract: dead-lettered',
    );
    return 'deadletter';
  }
  const deadline = Date.now() + options.databaseWaitMs;
  for (let wait = 1000; ; wait = Math.min(wait * 2, 5000)) {
    try {
      if (await applyOnce(orm, consumerName, consumer, envelope, log)) options.observer?.applied(envelope);
      return 'completed';
    } catch (error) {
      const trouble = databaseTrouble(error);
      if ((trouble === 'UNREACHABLE' || trouble === 'BUSY') && Date.now() + wait < deadline) {
        log.warn(
          { eventId: envelope.id, type: envelope.type, trouble },
          "consumer: this tier's database is unavailable; waiting for it",
        );
        await new Promise((resolve) => setTimeout(resolve, wait));
        continue;
      }
      log.warn(
        { err: error, eventId: envelope.id, type: envelope.type },
        'consumer: applying the event failed; the bus will retry',
      );
      return 'failed';
    }
  }
}

export async function startConsumers(
  bus: EventBus,
  orm: MikroORM,
  consumerName: string,
  consumers: Consumer<unknown>[],
  log: Logger,
  options: ConsumeOptions = { databaseWaitMs: 5 * 60_000 },
): Promise<void> {
  const { observer } = options;
  for (const consumer of consumers) {
    const queue = queueName(consumerName, consumer.contract.type);
    await bus.consume(consumerName, consumer.contract as EventContract<unknown>, (envelope) => {
      const work = () => settle(orm, consumerName, consumer, envelope, log, options);
      return observer ? observer.settle(envelope, queue, work) : work();
    });
  }
}
