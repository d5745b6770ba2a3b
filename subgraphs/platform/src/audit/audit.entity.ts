import 'reflect-metadata';
import type { Opt } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * 审计记录 One change made by a mutation, written in the same transaction as the change, in the
 * database of the service that made it. Every service has the same table and the same type.
 */
@Entity({ tableName: 'audit_record' })
@Index({ properties: ['scopeId', 'at', 'id'] })
@ObjectType({ description: '审计记录 Who changed what, when, with the state before and after.' })
@Directive('@shareable')
export class AuditRecord {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)', defaultRaw: 'now()' })
  @Field(() => Date, { description: 'When the change was made.' })
  at: Opt<Date> = new Date();

  @Property({ type: 'text' })
  @Field({ description: 'The service (tier) that made the change.' })
  tier!: string;

  @Property({ type: 'text' })
  @Field({ description: 'Subject (user id) of who made the change.' })
  actorId!: string;

  @Property({ type: 'text' })
  @Field({ description: 'Name of who made the change.' })
  actorName!: string;

  @Property({ type: 'text' })
  @Field({ description: 'Role of who made the change.' })
  actorRole!: string;

  @Property({ type: 'text' })
  @Field({ description: 'What was done: the name of the mutation.' })
  action!: string;

  @Property({ type: 'text' })
  @Field({ description: 'Type of the record changed.' })
  targetType!: string;

  @Property({ type: 'uuid' })
  @Field(() => ID, { description: 'Id of the record changed.' })
  targetId!: string;

  /** The scope whose trail the change belongs to; the service decides who reads which trail. */
  @Property({ type: 'uuid' })
  scopeId!: string;

  @Property({ type: 'jsonb', nullable: true })
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'State before the change (null when created).' })
  before!: Record<string, unknown> | null;

  @Property({ type: 'jsonb', nullable: true })
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'State after the change (null when deleted).' })
  after!: Record<string, unknown> | null;

  @Property({ type: 'text' })
  @Field({ description: 'Request id, to find the request in the logs.' })
  requestId!: string;
}
