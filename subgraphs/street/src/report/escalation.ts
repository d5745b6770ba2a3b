import { PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { LockMode, type EntityClass, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { assertCovers } from '@cso/contracts';
import type { Caller, RequestContext } from '@cso/platform';

/**
 * What the street keeps of a report that reached it: one row per round, with the placement (for
 * jurisdiction) and its own review (a subclass with `@Entity({ tableName })`; list this base in the
 * entities too).
 */
export abstract class EscalatedRow {
  @PrimaryKey({ type: 'uuid' })
  reportId!: string;

  @PrimaryKey({ type: 'integer' })
  round!: number;

  @Property({ type: 'uuid' })
  organizationId!: string;

  @Property({ type: 'uuid' })
  communityId!: string;

  @Property({ type: 'uuid' })
  streetId!: string;

  @Property({ type: 'uuid' })
  districtId!: string;

  @Property({ type: 'text' })
  organizationName!: string;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  plannedStart!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  receivedAt!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  dueAt!: Date;

  @Property({ type: 'text', nullable: true })
  decision: string | null = null;

  @Property({ type: 'text', nullable: true })
  opinion: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)', nullable: true })
  reviewedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  reviewerName: string | null = null;
}

/** The latest round of a report at this tier (locked for a review), or null when it never reached it. */
export async function latestRow<T extends EscalatedRow>(
  em: EntityManager,
  entity: EntityClass<T>,
  reportId: string,
  lock = false,
): Promise<T | null> {
  const [latest] = await em.find(entity, { reportId } as FilterQuery<T>, {
    orderBy: { round: 'desc' } as never,
    limit: 1,
    ...(lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {}),
  });
  return (latest as T | undefined) ?? null;
}

/** This tier's row of each report for a given round, batched per request (keys `reportId:round`). */
export function rowsByRound<T extends EscalatedRow>(ctx: RequestContext, entity: EntityClass<T>) {
  return ctx.loaders.get<string, T | null>(`${entity.name}.byRound`, async (keys) => {
    const ids = [...new Set(keys.map((k) => k.split(':')[0]!))];
    const rows = (await ctx.em.find(entity, { reportId: { $in: ids } } as FilterQuery<T>)) as T[];
    const byKey = new Map<string, T>(rows.map((r) => [`${r.reportId}:${r.round}`, r]));
    return keys.map((k) => byKey.get(k) ?? null);
  });
}

export function assertCoversEscalated(caller: Caller, row: EscalatedRow): void {
  assertCovers(caller, row, 'This report');
}

export enum EscalationDecision {
  FORWARD = 'FORWARD',
  RETURN = 'RETURN',
  REJECT = 'REJECT',
}
registerEnumType(EscalationDecision, {
  name: 'EscalationDecision',
  description: '街道意见 Forward to the district, return to the organization, or reject.',
});

/** A level's review as the graph shows it (the street's or the district's subgraph). */
export function reviewOf<
  T extends { decision: string; opinion: string; reviewedAt: Date; reviewerName: string | null; round: number },
>(type: new () => T, row: EscalatedRow, extra: Partial<T> = {}): T | null {
  if (!row.decision || !row.reviewedAt) return null;
  return Object.assign(
    new type(),
    {
      decision: row.decision,
      opinion: row.opinion ?? '',
      reviewedAt: row.reviewedAt,
      reviewerName: row.reviewerName,
      round: row.round,
    },
    extra,
  );
}

/** The fields every level's review shares; each tier declares its own type extending it (never emitted itself). */
@ObjectType()
export class EscalationReviewBase {
  @Field()
  decision!: string;

  @Field()
  opinion!: string;

  @Field(() => Date)
  reviewedAt!: Date;

  @Field(() => String, { nullable: true })
  reviewerName!: string | null;

  @Field(() => Int, { description: 'The round this review belongs to.' })
  round!: number;
}
