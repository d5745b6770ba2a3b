import { connectionOf } from '@cso/platform';
import { Field, Int, ObjectType } from 'type-graphql';
import { MajorActivityReport } from './report.entity.js';

export const MajorActivityReportConnection = connectionOf(
  MajorActivityReport,
  'MajorActivityReport',
  'A page of major-activity reports, oldest submission first.',
);
export type MajorActivityReportConnection = InstanceType<typeof MajorActivityReportConnection>;

@ObjectType({ description: '社区意见 The community committee’s review of a report (current round).' })
export class LevelReview {
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

  /** The community's review of the report's current round; null until reviewed. */
  static of(r: MajorActivityReport): LevelReview | null {
    if (!r.communityDecision || !r.communityReviewedAt) return null;
    return Object.assign(new LevelReview(), {
      decision: r.communityDecision,
      opinion: r.communityOpinion ?? '',
      reviewedAt: r.communityReviewedAt,
      reviewerName: r.communityReviewerName,
      round: r.round,
    });
  }
}
