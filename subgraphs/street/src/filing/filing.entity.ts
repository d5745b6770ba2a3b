import type { Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { ObjectionStatus, StreetStage } from './filing.enums.js';

/**
 * A forwarded filing as the street keeps it: the projection of the community's event (what the
 * street's own rules and queue need) plus the street's decision and public notice. In the graph it
 * is the street's part of `FilingApplication`.
 */
@Entity({ tableName: 'street_filing' })
@Index({ properties: ['streetId', 'forwardedAt', 'id'] })
@Index({ properties: ['districtId', 'forwardedAt', 'id'] })
@Index({ properties: ['organizationId', 'forwardedAt', 'id'] })
@Index({ properties: ['stage', 'noticeEndsAt', 'id'] })
@ObjectType('FilingApplication')
@Directive('@key(fields: "id")')
export class StreetFiling {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'uuid' })
  organizationId!: string;

  @Property({ type: 'text' })
  organizationName!: string;

  @Property({ type: 'text' })
  category!: string;

  @Property({ type: 'text' })
  purpose!: string;

  @Property({ type: 'text' })
  activityArea!: string;

  @Property({ type: 'text' })
  applicantName!: string;

  @Property({ type: 'uuid', nullable: true })
  communityId!: string | null;

  @Property({ type: 'uuid' })
  streetId!: string;

  @Property({ type: 'uuid' })
  districtId!: string;

  @Property({ type: 'integer' })
  round!: number;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  forwardedAt!: Date;

  @Enum({ items: () => StreetStage, nativeEnumName: 'street_stage' })
  stage!: StreetStage;

  @Property({ type: 'text', nullable: true })
  decision: string | null = null;

  @Property({ type: 'text', nullable: true })
  opinion: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)', nullable: true })
  decidedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  deciderName: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)', nullable: true })
  noticeStartsAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)', nullable: true })
  noticeEndsAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)', nullable: true })
  completedAt: Date | null = null;

  /** Incremented by every street event about this filing; consumers keep the highest. */
  @Property({ type: 'integer', default: 0 })
  version: Opt<number> = 0;

  /** Set on a placeholder only: a filing the street has not received (not forwarded, or not yet arrived). Not stored. */
  placeholder?: Opt<boolean>;
}

/** 异议 An objection lodged by anyone during a public notice; the contact details are the street's only. */
@Entity({ tableName: 'objection' })
@Index({ properties: ['filingId', 'lodgedAt', 'id'] })
@ObjectType({
  description: '异议 An objection to a public notice. Contact details are shown to the street branch’s officers only.',
})
export class Objection {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'uuid' })
  filingId!: string;

  @Property({ type: 'text' })
  @Field({ description: '异议内容' })
  content!: string;

  @Property({ type: 'text' })
  contactName!: string;

  @Property({ type: 'text' })
  contactPhone!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  @Field(() => Date)
  lodgedAt!: Date;

  @Enum({ items: () => ObjectionStatus, nativeEnumName: 'objection_status' })
  @Field(() => ObjectionStatus)
  status!: ObjectionStatus;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: '处理意见 The street’s finding.' })
  resolution: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)', nullable: true })
  @Field(() => Date, { nullable: true })
  resolvedAt: Date | null = null;
}

/** 备案证书 A filing certificate: one per organization, numbered `{street code}-{year}-{sequence}`. */
@Entity({ tableName: 'certificate' })
// A scope's certificates in force at a date (who is expected to report), read from the index alone.
@Index({ properties: ['streetId', 'issuedAt'], include: ['organizationId', 'voidedAt'] })
@Index({ properties: ['communityId', 'issuedAt'], include: ['organizationId', 'voidedAt'] })
@Index({ properties: ['districtId', 'issuedAt'], include: ['organizationId', 'voidedAt'] })
@ObjectType({ description: '备案证书 A filing certificate (public).' })
export class Certificate {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  @Unique()
  organizationId!: string;

  @Property({ type: 'text' })
  @Unique()
  @Field({ description: '证书编号 {street code}-{year}-{sequence}, e.g. GFD-2026-0007.' })
  number!: string;

  @Property({ type: 'uuid' })
  streetId!: string;

  /** Placement, for the reporting-compliance figures per community and district. */
  @Property({ type: 'uuid', nullable: true })
  communityId!: string | null;

  @Property({ type: 'uuid', nullable: true })
  districtId!: string | null;

  @Property({ type: 'uuid' })
  filingId!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  @Field(() => Date)
  issuedAt!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)', nullable: true })
  @Field(() => Date, {
    nullable: true,
    description: '作废时间 When it was voided (dissolution or cancellation); null while valid.',
  })
  voidedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  voidReason: string | null = null;
}

/** The last certificate sequence number used per street and year. */
@Entity({ tableName: 'certificate_sequence' })
export class CertificateSequence {
  @PrimaryKey({ type: 'uuid' })
  streetId!: string;

  @PrimaryKey({ type: 'integer' })
  year!: number;

  @Property({ type: 'integer' })
  last!: number;
}
