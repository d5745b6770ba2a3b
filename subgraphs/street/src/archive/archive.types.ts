import { Directive, Field, ObjectType } from 'type-graphql';

/**
 * 档案 One item of an organization's file. Each tier contributes the items it keeps (filing and
 * activity materials, monthly reports, evaluations, inspections, awards, handling results) to
 * `Organization.archive`, so that one request shows the whole file.
 */
@ObjectType({ description: '档案条目 One item of an organization’s file, from the tier that keeps it.' })
@Directive('@shareable')
export class ArchiveItem {
  @Field({
    description:
      'FILING_MATERIALS, CHANGE_MATERIALS, DISSOLUTION_MATERIALS, ACTIVITY_MATERIALS, EVALUATION, MONTHLY_REPORT, CERTIFICATE, INSPECTION, AWARD, CREDIT, HANDLING_RESULT.',
  })
  kind!: string;

  @Field()
  title!: string;

  @Field(() => Date)
  date!: Date;

  @Field({ description: 'community, street or district.' })
  tier!: string;

  static of(tier: string, kind: string, title: string, date: Date): ArchiveItem {
    return Object.assign(new ArchiveItem(), { tier, kind, title, date });
  }
}

/** Newest first. */
export const byDateDesc = (a: ArchiveItem, b: ArchiveItem) => b.date.getTime() - a.date.getTime();
