import type { Opt } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { PolicyValues } from '@cso/contracts';
import { clock } from '@cso/platform';
import { Field, Int, ObjectType } from 'type-graphql';

/** 区级政策 The district's policy values, as the district association set them. */
@Entity({ tableName: 'district_policy' })
@ObjectType({
  description: '区级政策参数 The district association’s policy values, applied by each tier from the events it receives.',
})
export class DistrictPolicy {
  @PrimaryKey({ type: 'uuid' })
  districtId!: string;

  @Property({ type: 'jsonb' })
  values!: PolicyValues;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Incremented by every change; each tier keeps the highest revision it has received.' })
  revision!: number;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)', defaultRaw: 'now()' })
  @Field(() => Date, { description: 'When the values were last changed.' })
  updatedAt: Opt<Date> = clock.now();

  @Field(() => Int, { description: '备案成员下限 Members needed to be filed (default 10).' })
  get minimumMembers(): number {
    return this.values.minimumMembers;
  }

  @Field(() => Int, { description: '党员活动站门槛 Party members from which a station is required (default 3).' })
  get partyStationThreshold(): number {
    return this.values.partyStationThreshold;
  }

  @Field(() => Int, { description: '公示天数 Days a public notice runs (default 7).' })
  get publicNoticeDays(): number {
    return this.values.publicNoticeDays;
  }

  @Field(() => Int, { description: '重大活动提前天数 Days ahead a major activity must be reported (default 7).' })
  get majorActivityLeadDays(): number {
    return this.values.majorActivityLeadDays;
  }

  @Field(() => Int, { description: '审核时限 Days each level has to respond (default 2).' })
  get reviewResponseDays(): number {
    return this.values.reviewResponseDays;
  }

  @Field(() => Int, { description: '月报截止日 Day of the next month a monthly report is due (default 10).' })
  get monthlyReportDueDay(): number {
    return this.values.monthlyReportDueDay;
  }

  @Field(() => Int, { description: '社区组织目标数 Filed organizations each community should have (default 5).' })
  get communityTarget(): number {
    return this.values.communityTarget;
  }
}
