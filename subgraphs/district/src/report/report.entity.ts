import { EscalatedRow, EscalationReviewBase } from './escalation.js';
import { Entity, Index, Property } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

/** A major-activity report as the district keeps it: one row per round that reached the district, with its decision. */
@Entity({ tableName: 'district_report' })
@Index({ properties: ['districtId', 'receivedAt'] })
export class DistrictReport extends EscalatedRow {
  /** 附加条件 Conditions attached to an approval. */
  @Property({ type: 'text', nullable: true })
  conditions: string | null = null;
}

/** A report as the district subgraph sees it: a key to hang the district’s decision on. */
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

@ObjectType({ description: '区协会决定 The district association’s decision on a report (current round).' })
export class DistrictReportReview extends EscalationReviewBase {
  @Field(() => String, { nullable: true, description: '附加条件 Conditions of an approval.' })
  conditions!: string | null;
}
