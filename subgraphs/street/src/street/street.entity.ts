import { clock } from '@cso/platform';
import type { Opt } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

@Entity({ tableName: 'street' })
@Unique({ properties: ['districtId', 'name'] })
@ObjectType({ description: '街道 Street, and its 协会…街分会 (street branch of the district association), the middle tier.' })
@Directive('@key(fields: "id")')
export class Street {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  /** The district this street belongs to (owned by the district subgraph); indexed by the unique (district, name). */
  @Property({ type: 'uuid' })
  districtId!: string;

  @Property({ type: 'text', collation: 'C' })
  @Field({ description: '街道名 Name of the street, e.g. 光复道街.' })
  name!: string;

  @Property({ type: 'text' })
  @Unique()
  @Field({ description: '街道代码 Short code of the street, used in filing certificate numbers (e.g. GFD).' })
  code!: string;

  @Property({ type: 'text' })
  @Field({ description: '分会名称 Name of the street branch: {协会名称}{街道名}分会.' })
  branchName!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Opt<Date> = clock.now();
}
