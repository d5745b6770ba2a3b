import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { DistrictReport } from './report.entity.js';

export enum DistrictDecision {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
  RETURN = 'RETURN',
}
registerEnumType(DistrictDecision, {
  name: 'DistrictDecision',
  description: '区协会决定 Approve (maybe with conditions), reject, or return to the organization.',
});

@ObjectType({ description: '区协会决定 The district association’s decision on a report (current round).' })
export class DistrictReportReview {
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

  @Field(() => String, { nullable: true, description: '附加条件 Conditions of an approval.' })
  conditions!: string | null;

  /** The district's decision on a round as the graph shows it; null until it decided that round. */
  static of(row: DistrictReport): DistrictReportReview | null {
    if (!row.decision || !row.reviewedAt) return null;
    return Object.assign(new DistrictReportReview(), {
      decision: row.decision,
      opinion: row.opinion ?? '',
      reviewedAt: row.reviewedAt,
      reviewerName: row.reviewerName,
      round: row.round,
      conditions: row.conditions,
    });
  }
}
