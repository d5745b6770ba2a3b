import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * 重大活动汇报 A major-activity report as the street keeps it: one row per round that reached the
 * street (the community forwarded it), with the placement (for jurisdiction), the street's response
 * deadline and the street's own review of that round.
 */
@Entity({ tableName: 'street_report' })
@Index({ properties: ['streetId', 'receivedAt'] })
export class StreetReport {
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

  /** When the street's response is due (the district's review days from the community's forward). */
  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  dueAt!: Date;

  /** The street's review of this round: FORWARD, RETURN or REJECT; null until it has reviewed. */
  @Property({ type: 'text', nullable: true })
  decision: string | null = null;

  @Property({ type: 'text', nullable: true })
  opinion: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)', nullable: true })
  reviewedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  reviewerName: string | null = null;
}
