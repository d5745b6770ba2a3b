import 'reflect-metadata';
import type { Opt } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * 发件箱 An event written in the same transaction as the change it reports; the relay publishes it.
 * A row the relay cannot deliver (no contract in this build, a payload its contract refuses, too many
 * failed deliveries) is parked with its reason: it no longer holds back the rows behind it, and an
 * operator lists and replays it (`npm run events -- parked <tier>`).
 */
@Entity({ tableName: 'outbox' })
@Index({ properties: ['publishedAt', 'seq'] })
@Index({
  name: 'outbox_pending_index',
  expression:
    'create index "outbox_pending_index" on "outbox" ("aggregate", "seq") where "published_at" is null and "parked_at" is null',
})
export class OutboxEvent {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** Insert order within this service: the relay publishes in this order (within an aggregate). */
  @Property({ type: 'bigint', autoincrement: true })
  seq?: string;

  @Property({ type: 'text' })
  type!: string;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)', defaultRaw: 'now()' })
  occurredAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz(3)', nullable: true })
  publishedAt: Opt<Date> | null = null;

  /** What the event is about (the contract's aggregate key); events of one aggregate go out in order. */
  @Property({ type: 'text', default: '' })
  aggregate: Opt<string> = '';

  /** Failed deliveries so far; the row is parked after too many. */
  @Property({ type: 'integer', default: 0 })
  attempts: Opt<number> = 0;

  /** Not before this time (backoff after a failed delivery). */
  @Property({ type: 'datetime', columnType: 'timestamptz(3)', nullable: true })
  nextAttemptAt: Opt<Date> | null = null;

  /** A relay is delivering it until then (a relay that dies leaves the row to the next). */
  @Property({ type: 'datetime', columnType: 'timestamptz(3)', nullable: true })
  claimedUntil: Opt<Date> | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)', nullable: true })
  parkedAt: Opt<Date> | null = null;

  /** NO_CONTRACT, INVALID_PAYLOAD or DELIVERY_FAILED, with the last error. */
  @Property({ type: 'text', nullable: true })
  parkReason: Opt<string> | null = null;

  /** The W3C trace context of the span that emitted it (null when not traced); it travels in the envelope. */
  @Property({ type: 'jsonb', nullable: true })
  traceContext: Opt<Record<string, string>> | null = null;
}

/** 收件箱 The events a consumer has applied: written in the same transaction as the effect, so a redelivery is a no-op. */
@Entity({ tableName: 'inbox' })
export class InboxEvent {
  @PrimaryKey({ type: 'uuid' })
  eventId!: string;

  @PrimaryKey({ type: 'text' })
  consumer!: string;

  @Property({ type: 'text' })
  type!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)', defaultRaw: 'now()' })
  processedAt: Opt<Date> = new Date();
}
