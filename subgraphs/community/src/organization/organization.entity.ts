import { clock, readWhenAsked } from '@cso/platform';
import type { Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Authorized, Directive, Field, ID, ObjectType } from 'type-graphql';
import { Community } from '../community/community.entity.js';
import { OrganizationCategory, OrganizationLevel, OrganizationSponsor, OrganizationStatus } from './organization.enums.js';

/**
 * Each index serves one list order: by name within a community, a street, a district, or the whole
 * register; and within a district, by name among one category's or one status's organizations (the
 * filters of a district's list, whose page and count would otherwise read every organization of the district).
 */
@Entity({ tableName: 'organization' })
@Index({ properties: ['community', 'name', 'id'] })
@Index({ properties: ['streetId', 'name', 'id'] })
@Index({ properties: ['districtId', 'name', 'id'] })
@Index({ properties: ['districtId', 'category', 'name', 'id'] })
@Index({ properties: ['districtId', 'status', 'name', 'id'] })
@Index({ properties: ['name', 'id'] })
@ObjectType({
  description:
    '社区社会组织 A community social organization (choir, volunteer team, mediation group…). Without signing in, the public register fields only (id, name, category, level, status, community, street) of FILED organizations.',
})
@Directive('@key(fields: "id")')
export class Organization {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'text', collation: 'C' })
  @Field({ description: '组织名称 Name of the organization.' })
  name!: string;

  @Enum({ items: () => OrganizationCategory, nativeEnumName: 'organization_category' })
  @Field(() => OrganizationCategory, { description: '类别 One of the five categories.' })
  category!: OrganizationCategory;

  @Enum({ items: () => OrganizationLevel, nativeEnumName: 'organization_level' })
  @Field(() => OrganizationLevel, { description: '层级 Community-level or street-level (街级分会).' })
  level!: OrganizationLevel;

  @Enum({ items: () => OrganizationSponsor, nativeEnumName: 'organization_sponsor' })
  @Authorized()
  @Field(() => OrganizationSponsor, { description: '发起方 Who set it up: residents, a district unit or the street.' })
  sponsor!: OrganizationSponsor;

  @Enum({ items: () => OrganizationStatus, nativeEnumName: 'organization_status' })
  @Field(() => OrganizationStatus, { description: '备案状态 Lifecycle status.' })
  status!: OrganizationStatus;

  @Property({ type: 'text' })
  @Authorized()
  @Field({ description: '宗旨与活动内容 Purpose and activity content.' })
  purpose!: string;

  @Property({ type: 'text' })
  @Authorized()
  @Field({ description: '活动区域 Where it is active.' })
  activityArea!: string;

  @Property({ type: 'text' })
  @Authorized()
  @Field({ description: '活动时间 When it is active.' })
  activitySchedule!: string;

  @Property({ type: 'date' })
  @Authorized()
  @Field({ description: '成立日期 Founding date (YYYY-MM-DD).' })
  foundedOn!: string;

  @Property({ type: 'boolean', default: false })
  @Authorized()
  @Field(() => Boolean, { description: '已建党员活动站 True when a party-member activity station (党员活动站/组) is set up.' })
  hasPartyStation: Opt<boolean> = false;

  /**
   * 成员数 Members on the roster, kept by every write of the roster in its transaction (GraphQL
   * `memberCount` reads it: no member row is counted on a read).
   */
  @Property({ type: 'integer', default: 0 })
  memberCount: Opt<number> = 0;

  /** 党员数 Party members on the roster, kept like `memberCount`. */
  @Property({ type: 'integer', default: 0 })
  partyMemberCount: Opt<number> = 0;

  /** Null for a street-level organization. */
  @ManyToOne(() => Community, { nullable: true, mapToPk: true, deleteRule: 'restrict' })
  community!: string | null;

  @Property({ type: 'uuid' })
  streetId!: string;

  @Property({ type: 'uuid' })
  districtId!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Opt<Date> = clock.now();

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => clock.now() })
  updatedAt: Opt<Date> = clock.now();
}

// Lists and pages read these only when their field is asked for (the hierarchy's organizations never
// ask for the long texts); policies and the other field resolvers read none of them.
readWhenAsked(Organization, [
  'sponsor',
  'purpose',
  'activityArea',
  'activitySchedule',
  'foundedOn',
  'hasPartyStation',
  'createdAt',
  'updatedAt',
]);
