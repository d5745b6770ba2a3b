import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { EventBus } from './bus.js';
import type { EventContract, EventEnvelope } from './contract.js';

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

export async function startConsumers(
  bus: EventBus,
  orm: MikroORM,
  consumerName: string,
  consumers: Consumer<unknown>[],
  log: Logger,
): Promise<void> {
  for (const consumer of consumers) {
    await bus.consume(consumerName, consumer.contract as EventContract<unknown>, async (envelope) => {
      await applyOnce(orm, consumerName, consumer, envelope, log);
    });
  }
}
