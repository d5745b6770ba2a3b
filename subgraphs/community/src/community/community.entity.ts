import { clock } from '@cso/platform';
import type { Opt } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

@Entity({ tableName: 'community' })
@Unique({ properties: ['streetId', 'name'] })
@ObjectType({ description: '社区 Community, and its …社区公益性民间组织指导委员会 (guidance committee), the bottom tier.' })
@Directive('@key(fields: "id")')
export class Community {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  /** Street of the community (owned by the street subgraph); indexed by the unique (street, name). */
  @Property({ type: 'uuid' })
  streetId!: string;

  /** District of the community's street, kept so that district filters need no cross-tier call. */
  @Property({ type: 'uuid', index: true })
  districtId!: string;

  @Property({ type: 'text', collation: 'C' })
  @Field({ description: '社区名 Name of the community, e.g. 望海楼社区.' })
  name!: string;

  @Property({ type: 'text' })
  @Field({ description: '指导委员会名称 Name of the guidance committee: {街道名}{社区名}公益性民间组织指导委员会.' })
  committeeName!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Opt<Date> = clock.now();
}
