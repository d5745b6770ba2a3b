import type { z } from 'zod';

/**
 * An event type between tiers: a name, a version, a validated payload and the tiers that consume
 * it. A payload change that breaks consumers is a new version, never an edit of an old one.
 */
export interface EventContract<P> {
  type: string;
  version: number;
  description: string;
  payload: z.ZodType<P>;
  /** The tiers that keep a projection of it; each gets its own durable queue. */
  consumers: readonly string[];
  /**
   * The aggregate an event is about (one record, the policies of one scope): the relay publishes
   * the events of one aggregate in the order they were written. Not part of the published contract.
   */
  aggregateKey?: (payload: P) => string;
}

/** The payload type of a contract. */
export type PayloadOf<C> = C extends EventContract<infer P> ? P : never;

export function defineEvent<P>(contract: EventContract<P>): EventContract<P> {
  return contract;
}

/** What travels on the bus. */
export interface EventEnvelope<P = unknown> {
  id: string;
  type: string;
  version: number;
  producer: string;
  occurredAt: string;
  payload: P;
  /**
   * The W3C trace context (`traceparent`) of the span that emitted the event, when it was traced: the
   * consumer's span links to it. Transport metadata, like a header: not part of the published contract.
   */
  traceContext?: Record<string, string>;
}

/** The durable queue in which a tier receives an event type. */
export const queueName = (consumer: string, type: string) => `${consumer}.${type}`;
export const deadLetterQueue = (consumer: string) => `${consumer}.dead-letter`;
