import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A count per key (a category, a status…).' })
export class KeyCount {
  @Field()
  key!: string;

  @Field(() => Int)
  count!: number;

  static of(key: string, count: number): KeyCount {
    return Object.assign(new KeyCount(), { key, count });
  }
}

@ObjectType({
  description: '组织统计 Organizations of a scope (district, street or community), counted by the community tier that owns them.',
})
export class OrganizationStatistics {
  @Field(() => Int)
  total!: number;

  @Field(() => [KeyCount], { description: 'FILED organizations per category.' })
  filedByCategory!: KeyCount[];

  @Field(() => [KeyCount], { description: 'All organizations per lifecycle status.' })
  byStatus!: KeyCount[];

  @Field(() => Int, { description: 'Members of FILED organizations.' })
  members!: number;

  @Field(() => Int, { description: 'Party members of FILED organizations.' })
  partyMembers!: number;

  @Field(() => Int, { description: '应建未建 FILED organizations that need a party-member activity station and have none.' })
  lackingPartyStation!: number;

  @Field(() => Int, {
    description: '未达标社区 Communities of the scope with fewer FILED organizations than the district’s target (5).',
  })
  communitiesBelowTarget!: number;
}

@ObjectType({ description: '汇报统计 Major-activity reports of a scope by status, and how many are overdue at their level.' })
export class ReportStatistics {
  @Field(() => [KeyCount])
  byStatus!: KeyCount[];

  @Field(() => Int)
  overdue!: number;
}
