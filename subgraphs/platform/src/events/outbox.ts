import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { clock } from '../clock.js';
import { uuidArray } from '../ids.js';
import { currentTraceCarrier } from '../observability/tracing.js';
import { inBackground } from '../request-scope.js';
import { BusUnavailableError, type EventBus } from './bus.js';
import type { EventContract, EventEnvelope } from './contract.js';
import { OutboxEvent } from './event.entities.js';

/**
 * Records an event in the outbox of the transaction `tx`: it is published if and only if the
 * change commits. The payload is validated against its contract first.
 */
export function emitEvent<P>(tx: EntityManager, contract: EventContract<P>, payload: P): OutboxEvent {
  const parsed = contract.payload.parse(payload) as Record<string, unknown>;
  const aggregate = contract.aggregateKey?.(parsed as P) ?? contract.type;
  const event = tx.create(OutboxEvent, {
    id: randomUUID(),
    type: contract.type,
    version: contract.version,
    payload: parsed,
    aggregate,
    // The span active now (the mutation's): the consumer's span links to it.
    traceContext: currentTraceCarrier(),
  });
  tx.persist(event);
  return event;
}

interface OutboxRow {
  id: string;
  type: string;
  version: number;
  payload: unknown;
  occurred_at: Date;
  attempts: number;
  trace_context: Record<string, string> | null;
}

export interface RelayOptions {
  /** How soon the relay looks again after a round that found events (or after it was woken). */
  intervalMs?: number;
  /**
   * While rounds find nothing the wait doubles up to this: an idle service barely polls. A commit in
   * this process wakes the relay at once; rows written otherwise (another replica) wait at most this long.
   */
  idleIntervalMs?: number;
  /** Rows claimed per round. */
  batchSize?: number;
  /** Failed deliveries of one row before it is parked. */
  maxAttempts?: number;
  /** How long a claim lasts: a relay that dies mid-delivery leaves its rows to the next after this. */
  claimMs?: number;
}

/** Why a row was set aside. */
export type ParkReason = 'NO_CONTRACT' | 'INVALID_PAYLOAD' | 'DELIVERY_FAILED';

/**
 * Publishes committed outbox events to the bus. Invariants:
 * - The events of one aggregate go out in the order they were written (a row waits while an earlier
 *   row of its aggregate is pending); events of different aggregates do not wait for each other.
 * - No database transaction is open while the bus is called: rows are claimed (a short lease) in one
 *   transaction, delivered, then marked in another. A row delivered twice (a crash between delivery and
 *   marking) is one job: the job id derives from the event id.
 * - A row that cannot be delivered (no contract in this build, a payload its contract refuses, or
 *   `maxAttempts` failed deliveries) is parked with its reason and no longer holds anything back.
 * - While the bus is unreachable nothing is charged an attempt; rows wait for the next round.
 * - A failed round is logged and retried: it never takes the service down.
 */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;
  /** The wait before the next look, and how many rows were claimed so far (a round that claimed some was busy). */
  private delayMs = 0;
  private claimed = 0;
  private readonly contracts: Map<string, EventContract<unknown>>;
  private readonly options: Required<RelayOptions>;

  constructor(
    private readonly orm: MikroORM,
    private readonly bus: EventBus,
    private readonly producer: string,
    contracts: EventContract<unknown>[],
    private readonly log: Logger,
    options: RelayOptions = {},
  ) {
    this.contracts = new Map(contracts.map((c) => [`${c.type}@${c.version}`, c]));
    this.options = { intervalMs: 250, idleIntervalMs: 15_000, batchSize: 200, maxAttempts: 10, claimMs: 30_000, ...options };
  }

  start(): void {
    this.stopped = false;
    this.delayMs = this.options.intervalMs;
    this.schedule();
  }

  /** Events were committed in this process: publish them now, and look again soon. */
  wake(): void {
    if (this.stopped) return;
    this.delayMs = this.options.intervalMs;
    void this.flush();
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.delayMs);
  }

  /** One timed look: soon again after a busy round, and twice as late (up to idleIntervalMs) after an empty one. */
  private async tick(): Promise<void> {
    const before = this.claimed;
    await this.flush();
    this.delayMs = this.claimed > before ? this.options.intervalMs : Math.min(this.delayMs * 2, this.options.idleIntervalMs);
    this.schedule();
  }

  /** Publishes what is pending now; resolves when this round is done. */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = inBackground(() => this.publishPending())
      .catch((error: unknown) => this.log.error({ err: error }, 'outbox relay round failed; will retry'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          void this.flush();
        }
      });
    return this.running;
  }

  private async publishPending(): Promise<void> {
    for (;;) {
      const rows = await this.claim();
      if (!rows.length) return;
      const groups = new Map<EventContract<unknown>, { row: OutboxRow; envelope: EventEnvelope }[]>();
      for (const row of rows) {
        const checked = await this.check(row);
        if (!checked) continue;
        groups.set(checked.contract, [...(groups.get(checked.contract) ?? []), { row, envelope: checked.envelope }]);
      }
      const published: string[] = [];
      let busDown = false;
      for (const [contract, items] of groups) {
        if (busDown) break;
        try {
          // One insert per consumer queue for the whole group; a re-sent event is one job (its id derives from the event).
          await this.bus.deliver(
            contract,
            items.map((i) => i.envelope),
          );
          published.push(...items.map((i) => i.row.id));
        } catch (error) {
          if (error instanceof BusUnavailableError || !this.bus.connected) {
            this.log.warn({ err: error }, 'outbox relay: the bus is unreachable; events wait');
            busDown = true;
            break;
          }
          // Something about these rows: deliver them one by one, so that only the faulty one is charged.
          for (const item of items)
            if ((await this.deliverOne(contract, item.row, item.envelope)) === 'published') published.push(item.row.id);
        }
      }
      if (published.length) await this.markPublished(published);
      if (busDown) {
        await this.release(rows.map((r) => r.id).filter((id) => !published.includes(id)));
        return;
      }
      if (rows.length < this.options.batchSize) return;
    }
  }

  /** The row's contract and envelope, or null when it was parked (no contract, or a payload the contract refuses). */
  private async check(row: OutboxRow): Promise<{ contract: EventContract<unknown>; envelope: EventEnvelope } | null> {
    const contract = this.contracts.get(`${row.type}@${row.version}`);
    if (!contract) {
      await this.park(row, 'NO_CONTRACT', `no contract ${row.type} v${row.version} in this build`);
      return null;
    }
    const valid = contract.payload.safeParse(row.payload);
    if (!valid.success) {
      await this.park(row, 'INVALID_PAYLOAD', valid.error.message.slice(0, 500));
      return null;
    }
    const envelope: EventEnvelope = {
      id: row.id,
      type: row.type,
      version: row.version,
      producer: this.producer,
      occurredAt: new Date(row.occurred_at).toISOString(),
      payload: row.payload,
      ...(row.trace_context ? { traceContext: row.trace_context } : {}),
    };
    return { contract, envelope };
  }

  /** Takes a batch of deliverable rows under a short lease, in one transaction that does nothing else. */
  private async claim(): Promise<OutboxRow[]> {
    const now = clock.now();
    return this.orm.em.fork().transactional(async (tx) => {
      const rows = await tx.execute<OutboxRow[]>(
        `select o.id, o.type, o.version, o.payload, o.occurred_at, o.attempts, o.trace_context from outbox o
         where o.published_at is null and o.parked_at is null
           and (o.next_attempt_at is null or o.next_attempt_at <= ?) and (o.claimed_until is null or o.claimed_until <= ?)
           and not exists (select 1 from outbox p where p.aggregate = o.aggregate and p.published_at is null and p.parked_at is null and p.seq < o.seq)
         order by o.seq limit ? for update skip locked`,
        [now, now, this.options.batchSize],
        'all',
      );
      if (rows.length) {
        await tx.execute(
          `update outbox set claimed_until = ? where id = any(?::uuid[])`,
          [new Date(now.getTime() + this.options.claimMs), uuidArray(rows.map((r) => r.id))],
          'run',
        );
      }
      this.claimed += rows.length;
      return rows;
    });
  }

  private async deliverOne(
    contract: EventContract<unknown>,
    row: OutboxRow,
    envelope: EventEnvelope,
  ): Promise<'published' | 'parked' | 'retry'> {
    try {
      await this.bus.deliver(contract, [envelope]);
      return 'published';
    } catch (error) {
      const attempts = row.attempts + 1;
      if (attempts >= this.options.maxAttempts) return this.park(row, 'DELIVERY_FAILED', String(error).slice(0, 500));
      const delayMs = Math.min(60_000, 500 * 2 ** (attempts - 1));
      this.log.warn({ err: error, eventId: row.id, attempts, retryInMs: delayMs }, 'outbox relay: delivery failed; will retry');
      await this.orm.em
        .fork()
        .execute(
          `update outbox set attempts = ?, next_attempt_at = ?, claimed_until = null where id = ?`,
          [attempts, new Date(clock.now().getTime() + delayMs), row.id],
          'run',
        );
      return 'retry';
    }
  }

  private async park(row: OutboxRow, reason: ParkReason, detail: string): Promise<'parked'> {
    this.log.error(
      { eventId: row.id, type: row.type, version: row.version, reason, detail },
      'outbox event parked: it will not be published until replayed',
    );
    await this.orm.em
      .fork()
      .execute(
        `update outbox set parked_at = ?, park_reason = ?, claimed_until = null where id = ?`,
        [clock.now(), `${reason}: ${detail}`, row.id],
        'run',
      );
    return 'parked';
  }

  private async markPublished(ids: string[]): Promise<void> {
    await this.orm.em
      .fork()
      .execute(
        `update outbox set published_at = ?, claimed_until = null where id = any(?::uuid[])`,
        [clock.now(), uuidArray(ids)],
        'run',
      );
  }

  private async release(ids: string[]): Promise<void> {
    if (ids.length)
      await this.orm.em
        .fork()
        .execute(`update outbox set claimed_until = null where id = any(?::uuid[])`, [uuidArray(ids)], 'run');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}

export interface ParkedEvent {
  id: string;
  type: string;
  version: number;
  aggregate: string;
  occurredAt: Date;
  parkedAt: Date;
  reason: string;
  payload: unknown;
}

/** The events a service's relay set aside, oldest first (for an operator). */
export async function parkedEvents(em: EntityManager, limit = 1000): Promise<ParkedEvent[]> {
  const rows = await em.execute<
    {
      id: string;
      type: string;
      version: number;
      aggregate: string;
      occurred_at: Date;
      parked_at: Date;
      park_reason: string;
      payload: unknown;
    }[]
  >(
    `select id, type, version, aggregate, occurred_at, parked_at, park_reason, payload from outbox where parked_at is not null order by seq limit ?`,
    [limit],
    'all',
  );
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    version: r.version,
    aggregate: r.aggregate,
    occurredAt: r.occurred_at,
    parkedAt: r.parked_at,
    reason: r.park_reason,
    payload: r.payload,
  }));
}

/** Puts parked events (all, or these ids) back in line, with their attempts reset; returns how many. */
export async function replayParked(em: EntityManager, ids?: string[]): Promise<number> {
  const rows = await em.execute<{ id: string }[]>(
    `update outbox set parked_at = null, park_reason = null, attempts = 0, next_attempt_at = null
     where parked_at is not null ${ids ? 'and id = any(?::uuid[])' : ''} returning id`,
    ids ? [uuidArray(ids)] : [],
    'all',
  );
  return rows.length;
}
