import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { Opt } from '@mikro-orm/core';
import { clock } from '@cso/platform';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

@Entity({ tableName: 'district' })
@ObjectType({ description: '区 District, and its 区级社区公益性民间组织管理协会 (district association), the top tier.' })
@Directive('@key(fields: "id")')
export class District {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'text', collation: 'C' })
  @Unique()
  @Field({ description: '区名 Name of the district, e.g. 河北区.' })
  name!: string;

  @Property({ type: 'text' })
  @Field({ description: '协会名称 Name of the district association, e.g. 河北区社区公益性民间组织管理协会.' })
  associationName!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Opt<Date> = clock.now();
}
