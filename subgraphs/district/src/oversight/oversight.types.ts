import { Field, Int, ObjectType } from 'type-graphql';
import { CreditEvent, CreditKind } from './oversight.entity.js';

/** The score every organization starts from. */
const BASE_SCORE = 100;

@ObjectType({
  description: '诚信 An organization’s credit: 100 plus its positive points minus its negative points, and its events.',
})
export class CreditRecord {
  @Field(() => Int)
  score!: number;

  @Field(() => [CreditEvent], { description: 'Newest first (an organization has a handful a year).' })
  events!: CreditEvent[];

  static of(events: CreditEvent[]): CreditRecord {
    const score = events.reduce((sum, e) => sum + (e.kind === CreditKind.POSITIVE ? e.points : -e.points), BASE_SCORE);
    return Object.assign(new CreditRecord(), { score, events });
  }
}

/** The counts of one scope's inspection results of a year. */
export interface InspectionCounts {
  filed: number;
  inspected: number;
  pass: number;
  basicPass: number;
  fail: number;
}

@ObjectType({ description: '年检结果 The inspection results of a year in a district.' })
export class InspectionResults {
  @Field(() => Int)
  year!: number;

  @Field(() => Int, { description: 'FILED organizations now on the register.' })
  filed!: number;

  @Field(() => Int)
  inspected!: number;

  @Field(() => Int)
  pass!: number;

  @Field(() => Int)
  basicPass!: number;

  @Field(() => Int)
  fail!: number;

  @Field(() => Int, { description: 'FILED organizations without an inspection that year.' })
  notInspected!: number;

  /** The results of a year from its counts (all zeros for a scope the register does not know). */
  static of(year: number, counts: InspectionCounts | null): InspectionResults {
    const c = counts ?? { filed: 0, inspected: 0, pass: 0, basicPass: 0, fail: 0 };
    return Object.assign(new InspectionResults(), { year, ...c, notInspected: c.filed - c.inspected });
  }
}
