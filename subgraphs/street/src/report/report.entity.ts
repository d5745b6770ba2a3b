import { EscalatedRow, EscalationReviewBase } from './escalation.js';
import { Entity, Index } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

/** A major-activity report as the street keeps it: one row per round that reached the street, with the street's review. */
@Entity({ tableName: 'street_report' })
@Index({ properties: ['streetId', 'receivedAt'] })
export class StreetReport extends EscalatedRow {}

/** A report as the street subgraph sees it: a key to hang the street's review on. */
@ObjectType('MajorActivityReport')
@Directive('@key(fields: "id")')
export class ReportRef {
  @Field(() => ID)
  id!: string;

  /** The report's current round, owned by the community: reviews are shown for that round only. */
  @Field(() => Int)
  @Directive('@external')
  round?: number;
}

@ObjectType({ description: '街道意见 The street branch’s review of a report (current round).' })
export class StreetReportReview extends EscalationReviewBase {}
