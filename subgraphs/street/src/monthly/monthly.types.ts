import { connectionOf } from '@cso/platform';
import { Field, Int, ObjectType } from 'type-graphql';
import { MonthlyReport } from './monthly.entity.js';

@ObjectType({
  description:
    '月报合规 Monthly-report compliance of a scope for one month: organizations filed by the end of the month, and how many reported.',
})
export class MonthlyCompliance {
  @Field()
  month!: string;

  @Field(() => Int, { description: 'FILED organizations expected to report.' })
  expected!: number;

  @Field(() => Int)
  submitted!: number;

  @Field(() => Int, { description: 'Submitted by the due day.' })
  onTime!: number;

  @Field(() => Int)
  late!: number;

  @Field(() => Int)
  missing!: number;

  static of(month: string, counts: { expected: number; submitted: number; onTime: number }): MonthlyCompliance {
    return Object.assign(new MonthlyCompliance(), {
      month,
      ...counts,
      late: counts.submitted - counts.onTime,
      missing: counts.expected - counts.submitted,
    });
  }
}

export const MonthlyReportConnection = connectionOf(
  MonthlyReport,
  'MonthlyReport',
  'A page of monthly reports, newest month first.',
);
