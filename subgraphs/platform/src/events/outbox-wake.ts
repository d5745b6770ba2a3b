import type { EntityManager, EventArgs, EventSubscriber, TransactionEventArgs } from '@mikro-orm/core';
import { OutboxEvent } from './event.entities.js';

/**
 * Wakes the outbox relay when a transaction that wrote outbox rows commits in this process, so that
 * the relay may poll slowly while nothing happens without delaying any event. A transaction is
 * known by its entity manager (the one that flushed the rows also commits). A savepoint's release is
 * not the commit: the outer transaction's is awaited, and should it not be seen (another manager),
 * the relay's next poll publishes the rows. So do rows written without the ORM or by another replica.
 */
export class OutboxCommitSubscriber implements EventSubscriber<OutboxEvent> {
  private readonly pending = new WeakSet<EntityManager>();

  constructor(private readonly committed: () => void) {}

  getSubscribedEntities() {
    return [OutboxEvent];
  }

  afterCreate(args: EventArgs<OutboxEvent>): void {
    this.pending.add(args.em);
  }

  afterTransactionCommit(args: TransactionEventArgs): void {
    if (args.transaction?.savepointName || !this.pending.has(args.em)) return;
    this.pending.delete(args.em);
    this.committed();
  }

  afterTransactionRollback(args: TransactionEventArgs): void {
    if (!args.transaction?.savepointName) this.pending.delete(args.em);
  }
}
