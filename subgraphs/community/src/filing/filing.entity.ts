import { clock } from '@cso/platform';
import type { Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { FilingKind, FilingStatus, PreliminaryDecision } from './filing.enums.js';

/**
 * 备案申请 A filing application (new organization, change, dissolution): its intake and the
 * community committee's preliminary review are kept here; the street adds its decision, the
 * notice and the certificate.
 */
@Entity({ tableName: 'filing_application' })
@Index({ properties: ['communityId', 'submittedAt', 'id'] })
@Index({ properties: ['streetId', 'submittedAt', 'id'] })
@Index({ properties: ['districtId', 'submittedAt', 'id'] })
@Index({ properties: ['organizationId', 'submittedAt', 'id'] })
@ObjectType({
  description:
    '备案申请 A filing application: intake and preliminary review by the community committee; the street branch adds its decision, the public notice and the certificate.',
})
@Directive('@key(fields: "id")')
export class FilingApplication {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Enum({ items: () => FilingKind, nativeEnumName: 'filing_kind' })
  @Field(() => FilingKind)
  kind!: FilingKind;

  @Enum({ items: () => FilingStatus, nativeEnumName: 'filing_status' })
  @Field(() => FilingStatus)
  status!: FilingStatus;

  @Property({ type: 'uuid' })
  organizationId!: string;

  @Property({ type: 'uuid', nullable: true })
  communityId!: string | null;

  @Property({ type: 'uuid' })
  streetId!: string;

  @Property({ type: 'uuid' })
  districtId!: string;

  @Property({ type: 'integer', default: 1 })
  @Field(() => Int, { description: '提交轮次 1 for the first submission, +1 for every resubmission after a return.' })
  round: Opt<number> = 1;

  @Property({ type: 'text' })
  applicantName!: string;

  @Property({ type: 'text' })
  applicantPhone!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  @Field(() => Date, { description: '提交时间 When it was (last) submitted.' })
  submittedAt!: Date;

  /** Kind-specific content: `{ charter }`, `{ changes, reason }` or the dissolution vote. */
  @Property({ type: 'jsonb' })
  proposal!: Record<string, unknown>;

  @Enum({ items: () => PreliminaryDecision, nativeEnumName: 'preliminary_decision', nullable: true })
  communityDecision: PreliminaryDecision | null = null;

  @Property({ type: 'text', nullable: true })
  communityOpinion: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)', nullable: true })
  reviewedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  reviewerName: string | null = null;

  @Property({ type: 'boolean', default: false })
  @Field(() => Boolean, {
    description:
      '需建党员活动站 Flagged at preliminary review: the roster has enough party members that a party-member activity station is required.',
  })
  partyStationRequired: Opt<boolean> = false;

  /** The highest street event version applied (events carry the whole street state). */
  @Property({ type: 'integer', default: 0 })
  streetVersion: Opt<number> = 0;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)', defaultRaw: 'now()' })
  @Field(() => Date, { description: 'When anything about it last changed.' })
  updatedAt: Opt<Date> = clock.now();
}

/** 办理记录 One step of a filing's history, in any tier (the community records the street's steps from its events). */
@Entity({ tableName: 'filing_step' })
@Index({ properties: ['filingId', 'at'] })
@ObjectType({ description: '办理记录 One step of a filing’s history.' })
export class FilingStep {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  filingId!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  @Field(() => Date)
  at!: Date;

  @Property({ type: 'text' })
  @Field({ description: 'community, street or district.' })
  tier!: string;

  @Property({ type: 'text' })
  @Field({
    description: 'SUBMITTED, RETURNED, RESUBMITTED, FORWARDED, REJECTED, NOTICE_OPENED, OBJECTION_UPHELD, COMPLETED, CANCELLED.',
  })
  action!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'Who acted (an office for steps taken by another tier or by a scheduled job).',
  })
  actorName: string | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'The opinion or reasons given.' })
  opinion: string | null = null;
}

/** 失信名单 People the district has blacklisted: they may not lead a new filing (from the district's events). */
@Entity({ tableName: 'blacklisted_leader' })
export class BlacklistedLeader {
  @PrimaryKey({ type: 'uuid' })
  districtId!: string;

  @PrimaryKey({ type: 'text' })
  idNumber!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  blacklistedAt!: Date;
}
