import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { EventBus } from './bus.js';
import type { EventContract } from './contract.js';
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
 * Publishes committed outbox events to the bus in commit order, one row at a time, and marks each
 * once its consumers' queues have it. A failure stops the round there (later rows wait, so order is
 * kept) and is retried next round; a row whose type has no contract stays and is reported.
 */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private readonly contracts: Map<string, EventContract<unknown>>;

  constructor(
    private readonly orm: MikroORM,
    private readonly bus: EventBus,
    private readonly producer: string,
    contracts: EventContract<unknown>[],
    private readonly log: Logger,
    private readonly intervalMs = 250,
  ) {
    this.contracts = new Map(contracts.map((c) => [`${c.type}@${c.version}`, c]));
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
  }

  /** Publishes what is pending now; resolves when this round is done. */
  flush(): Promise<void> {
    // A round that fails (database unreachable, say) is logged and retried: it never takes the service down.
    this.running ??= this.publishPending()
      .catch((error: unknown) => this.log.error({ err: error }, 'outbox relay round failed; will retry'))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async publishPending(): Promise<void> {
    for (;;) {
      const more = await this.orm.em.fork().transactional(async (tx) => {
        const [row] = await tx.execute<OutboxRow[]>(
          `select id, type, version, payload, occurred_at from outbox where published_at is null order by seq limit 1 for update skip locked`,
          [],
          'all',
        );
        if (!row) return false;
        const contract = this.contracts.get(`${row.type}@${row.version}`);
        if (!contract) {
          this.log.error(
            { eventId: row.id, type: row.type, version: row.version },
            'outbox event without a contract in this service; left unpublished',
          );
          return false;
        }
        try {
          await this.bus.deliver(contract, {
            id: row.id,
            type: row.type,
            version: row.version,
            producer: this.producer,
            occurredAt: new Date(row.occurred_at).toISOString(),
            payload: row.payload,
          });
        } catch (error) {
          this.log.warn({ err: error, eventId: row.id }, 'outbox relay: delivery failed; will retry');
          return false;
        }
        await tx.execute(`update outbox set published_at = now() where id = ?`, [row.id], 'run');
        return true;
      });
      if (!more) return;
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
