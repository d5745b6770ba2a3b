import { Field, Int, ObjectType } from 'type-graphql';
import type { StreetReport } from './report.entity.js';

@ObjectType({ description: '街道意见 The street branch’s review of a report (current round).' })
export class StreetReportReview {
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

  /** The street's review of a round, or null while it has not reviewed it. */
  static of(row: StreetReport): StreetReportReview | null {
    if (!row.decision || !row.reviewedAt) return null;
    return Object.assign(new StreetReportReview(), {
      decision: row.decision,
      opinion: row.opinion ?? '',
      reviewedAt: row.reviewedAt,
      reviewerName: row.reviewerName,
      round: row.round,
    });
  }
}
