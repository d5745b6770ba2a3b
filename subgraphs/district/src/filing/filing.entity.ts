import type { Opt } from '@mikro-orm/core';
import { clock } from '@cso/platform';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';

/**
 * The district's register of organizations that have been filed (a projection of the street's
 * events): what its cancellation rule needs, and nothing more.
 */
@Entity({ tableName: 'filed_organization' })
@Index({ properties: ['districtId', 'status'] })
@Index({ properties: ['streetId', 'status'] })
@Index({ properties: ['communityId', 'status'] })
export class FiledOrganization {
  @PrimaryKey({ type: 'uuid' })
  organizationId!: string;

  @Property({ type: 'uuid' })
  districtId!: string;

  @Property({ type: 'uuid' })
  streetId!: string;

  @Property({ type: 'uuid', nullable: true })
  communityId!: string | null;

  @Property({ type: 'text' })
  name!: string;

  /** FILED, DISSOLVED or CANCELLED. */
  @Property({ type: 'text' })
  status!: string;

  /** The time of the latest event applied: an older event never overwrites a newer one. */
  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  asOf!: Date;
}

/** 取消备案资格 A cancellation decided by the district association. */
@Entity({ tableName: 'filing_cancellation' })
@ObjectType({ description: '取消备案资格 A cancellation of an organization’s filing by the district association.' })
export class FilingCancellation {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'uuid' })
  @Unique()
  organizationId!: string;

  @Property({ type: 'uuid' })
  districtId!: string;

  @Property({ type: 'text' })
  @Field({ description: '取消理由' })
  reason!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  @Field(() => Date)
  cancelledAt!: Date;

  @Property({ type: 'text' })
  @Field({ description: 'Who decided it.' })
  cancelledByName!: string;
}

/** 失信名单 A person the district association has blacklisted: they may not lead a new filing. */
@Entity({ tableName: 'blacklist_entry' })
@Unique({ properties: ['districtId', 'idNumber'] })
@Index({ properties: ['districtId', 'listedAt', 'id'] })
@ObjectType({ description: '失信名单 A blacklisted person; seen by the district association’s officers only.' })
export class BlacklistEntry {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'uuid' })
  districtId!: string;

  @Property({ type: 'text' })
  @Field({ description: '身份证号' })
  idNumber!: string;

  @Property({ type: 'text' })
  @Field({ description: '姓名' })
  name!: string;

  @Property({ type: 'text' })
  @Field({ description: '失信事由' })
  reason!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)', defaultRaw: 'now()' })
  @Field(() => Date)
  listedAt: Opt<Date> = clock.now();

  @Property({ type: 'text' })
  @Field()
  listedByName!: string;
}
