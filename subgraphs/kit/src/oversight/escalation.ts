import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { covers, type Caller } from '../auth/caller.js';
import { ForbiddenError } from '../errors.js';

/**
 * What the street and the district keep of a report that reached them: one row per round, with the
 * placement (for jurisdiction) and their own review. Shared shape, each tier its own table.
 */
export interface EscalatedRow {
  reportId: string;
  round: number;
  organizationId: string;
  communityId: string;
  streetId: string;
  districtId: string;
  decision: string | null;
  opinion: string | null;
  reviewedAt: Date | null;
  reviewerName: string | null;
}

export function assertCoversEscalated(caller: Caller, row: EscalatedRow): void {
  if (!covers(caller, row)) throw new ForbiddenError('This report is outside your jurisdiction', 'JURISDICTION');
}

export enum EscalationDecision {
  FORWARD = 'FORWARD',
  RETURN = 'RETURN',
  REJECT = 'REJECT',
}
registerEnumType(EscalationDecision, { name: 'EscalationDecision', description: '街道意见 Forward to the district, return to the organization, or reject.' });

export enum DistrictDecision {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
  RETURN = 'RETURN',
}
registerEnumType(DistrictDecision, { name: 'DistrictDecision', description: '区协会决定 Approve (maybe with conditions), reject, or return to the organization.' });

/** A level's review as the graph shows it (the street's or the district's subgraph). */
export function reviewOf<T extends { decision: string; opinion: string; reviewedAt: Date; reviewerName: string | null; round: number }>(
  type: new () => T,
  row: EscalatedRow,
  extra: Partial<T> = {},
): T | null {
  if (!row.decision || !row.reviewedAt) return null;
  return Object.assign(new type(), { decision: row.decision, opinion: row.opinion ?? '', reviewedAt: row.reviewedAt, reviewerName: row.reviewerName, round: row.round }, extra);
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
