import { keyReference } from '@cso/platform';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

/** A major-activity report as the district subgraph sees it (the community tier owns it): a key to hang the district's decision on. */
@ObjectType('MajorActivityReport')
@Directive('@key(fields: "id")')
export class ReportRef {
  @Field(() => ID)
  id!: string;

  /** The report's current round, owned by the community: reviews are shown for that round only. */
  @Field(() => Int)
  @Directive('@external')
  round?: number;

  static of(id: string): ReportRef {
    return Object.assign(new ReportRef(), { id });
  }
}

export const reportReference = {
  MajorActivityReport: {
    __resolveReference: keyReference(ReportRef, (ref: { id: unknown; round?: unknown }) => ({
      round: typeof ref.round === 'number' ? ref.round : undefined,
    })),
  },
};
