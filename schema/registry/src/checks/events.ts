import type { EventRef, EventsManifest } from '../model.js';

/** A tier and the event contracts its version in service (or the proposed one) produces and consumes. */
export interface TierEvents {
  name: string;
  events: EventsManifest;
}

const key = (e: EventRef) => `${e.type} v${e.version}`;
const find = (list: EventRef[], e: EventRef) => list.find((x) => x.type === e.type && x.version === e.version);
const differs = (a: EventRef, b: EventRef) => Boolean(a.checksum && b.checksum && a.checksum !== b.checksum);

/**
 * The event-contract rules of a publish, between the proposed version of one tier and the versions
 * of the others in service:
 * - a producer may not drop, or change the payload schema of, a contract version that another
 *   tier still consumes (a breaking change is a new version beside the old one);
 * - a consumer may not require a contract version that no tier (itself included) produces, nor one
 *   whose payload schema differs from what its producer publishes.
 */
export function eventProblems(proposed: TierEvents, others: TierEvents[], previous: EventsManifest | null): string[] {
  const problems: string[] = [];
  const producers = [proposed, ...others];
  for (const consumer of others) {
    for (const read of consumer.events.consumes) {
      const nowProduced = find(proposed.events.produces, read);
      const wasProduced = previous ? find(previous.produces, read) : undefined;
      const otherProducer = others.some((o) => find(o.events.produces, read));
      if (wasProduced && !nowProduced && !otherProducer)
        problems.push(`${proposed.name} would stop producing ${key(read)}, which ${consumer.name} still consumes`);
      else if (nowProduced && differs(nowProduced, read))
        problems.push(
          `${proposed.name} would change the payload of ${key(read)} (checksum ${short(read.checksum)} → ${short(nowProduced.checksum)}), which ${consumer.name} reads: publish a new version beside it`,
        );
    }
  }
  for (const read of proposed.events.consumes) {
    const producer = producers.map((p) => ({ name: p.name, ref: find(p.events.produces, read) })).find((p) => p.ref);
    if (!producer) problems.push(`${proposed.name} would consume ${key(read)}, which no published tier produces`);
    else if (differs(producer.ref!, read))
      problems.push(
        `${proposed.name} would consume ${key(read)} with another payload schema (${short(read.checksum)}) than ${producer.name} produces (${short(producer.ref!.checksum)})`,
      );
  }
  return problems;
}

const short = (checksum: string | null | undefined) => (checksum ? checksum.slice(0, 12) : '?');
