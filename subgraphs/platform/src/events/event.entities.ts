import 'reflect-metadata';
import type { Opt } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** 发件箱 An event written in the same transaction as the change it reports; the relay publishes it. */
@Entity({ tableName: 'outbox' })
@Index({ properties: ['publishedAt', 'seq'] })
export class OutboxEvent {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** Insert order within this tier: the relay publishes in this order. */
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
