import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { EscalationReviewBase } from '@cso/kit';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

/** A major-activity report as the district keeps it: one row per round that reached the district, with its decision. */
@Entity({ tableName: 'district_report' })
@Index({ properties: ['districtId', 'receivedAt'] })
export class DistrictReport {
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
