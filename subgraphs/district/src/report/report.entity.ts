import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * 重大活动汇报 A major-activity report as the district keeps it: one row per round that a street
 * forwarded to the district, with the placement (for jurisdiction) and the district's own decision.
 */
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

  /** When the district's response is due (the street's forwarding time when the event carried none). */
  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  dueAt!: Date;

  /** APPROVE, REJECT or RETURN; null until the district decides this round. */
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
