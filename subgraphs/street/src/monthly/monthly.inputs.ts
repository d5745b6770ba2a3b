import { InvalidInputError } from '@cso/platform';
import { Field, InputType, Int } from 'type-graphql';
import { MonthlyActivity } from './monthly.entity.js';

@InputType({ description: '月报 What an organization did in a month.' })
export class MonthlyReportInput {
  @Field(() => Int, { description: '参加人次 0 to 100000.' })
  participants!: number;

  @Field(() => [MonthlyActivity], { description: '活动及内容 1 to 50 activities.' })
  activities!: MonthlyActivity[];

  @Field({ description: '公益服务范围 2 to 500 characters.' })
  publicBenefitScope!: string;

  @Field(() => String, { nullable: true, description: '好人好事 up to 1000 characters.' })
  goodDeeds?: string | null;

  @Field(() => Int, { description: '参与党员人数 0 to the participants.' })
  partyMembersTakingPart!: number;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A month written YYYY-MM. */
export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

/** The `month` argument of the figures: BAD_USER_INPUT unless it is YYYY-MM. */
export function requireMonth(value: string): string {
  if (!isMonth(value)) throw InvalidInputError.field('month', 'MONTH_FORMAT', 'must be YYYY-MM');
  return value;
}
