import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { EventBus } from './bus.js';
import type { EventContract, EventEnvelope } from './contract.js';
import { OutboxEvent } from './event.entities.js';

/**
 * Records an event in the outbox of the transaction `tx`: it is published if and only if the
 * change commits. The payload is validated against its contract first.
 */
export function emitEvent<P>(tx: EntityManager, contract: EventContract<P>, payload: P): OutboxEvent {
  const parsed = contract.payload.parse(payload) as Record<string, unknown>;
  const event = tx.create(OutboxEvent, { id: randomUUID(), type: contract.type, version: contract.version, payload: parsed });
  tx.persist(event);
  return event;
}

interface OutboxRow {
  id: string;
  type: string;
  version: number;
  payload: unknown;
  occurred_at: Date;
}

/**
 * Publishes committed outbox events to the bus, oldest first, and marks them published. A failure
 * leaves them for the next round; a publish that succeeded before a failure is repeated, which
 * consumers absorb (at-least-once delivery, idempotent consumers).
 */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly orm: MikroORM,
    private readonly bus: EventBus,
    private readonly producer: string,
    private readonly log: Logger,
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
  }

  /** Publishes what is pending now; resolves when this round is done. */
  flush(): Promise<void> {
    this.running ??= this.publishPending().finally(() => (this.running = undefined));
    return this.running;
  }

  private async publishPending(): Promise<void> {
    try {
      for (;;) {
        const published = await this.orm.em.fork().transactional(async (tx) => {
          const rows = await tx.execute<OutboxRow[]>(
            `select id, type, version, payload, occurred_at from outbox where published_at is null order by occurred_at, id limit 100 for update skip locked`,
            [],
            'all',
          );
          for (const row of rows) {
            const envelope: EventEnvelope = {
              id: row.id,
              type: row.type,
              version: row.version,
              producer: this.producer,
              occurredAt: new Date(row.occurred_at).toISOString(),
              payload: row.payload,
            };
            await this.bus.publish(envelope);
          }
          if (rows.length) await tx.execute(`update outbox set published_at = now() where id = any(?::uuid[])`, [`{${rows.map((r) => r.id).join(',')}}`], 'run');
          return rows.length;
        });
        if (published < 100) return;
      }
    } catch (error) {
      this.log.warn({ err: error }, 'outbox relay: publish failed; will retry');
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
