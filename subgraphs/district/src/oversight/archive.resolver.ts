import { childrenLoader, keyReference, type RequestContext } from '@cso/platform';
import { ArchiveItem, byDateDesc } from '../archive/archive-item.js';
import { Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import { FilingCancellation } from '../filing/filing.entity.js';
import { Award, CreditEvent, CreditKind, Inspection } from './oversight.entity.js';
import { readable } from './oversight.resolver.js';

@ObjectType('OrganizationArchive')
@Directive('@key(fields: "id")')
export class OrganizationArchiveRef {
  @Field(() => ID)
  id!: string;
}

const RESULT: Record<string, string> = { PASS: '合格', BASIC_PASS: '基本合格', FAIL: '不合格' };

@Resolver(() => OrganizationArchiveRef)
export class DistrictArchiveResolver {
  @FieldResolver(() => [ArchiveItem], {
    description: '区级档案 What the district association keeps: inspections, awards, credit events, cancellation.',
  })
  async district(@Root() archive: OrganizationArchiveRef, @Ctx() ctx: RequestContext): Promise<ArchiveItem[]> {
    if (!(await readable(ctx, archive.id))) return [];
    const [inspections, awards, credit, cancellations] = await Promise.all([
      childrenLoader(ctx, Inspection, 'organizationId', { year: 'desc' }).load(archive.id),
      childrenLoader(ctx, Award, 'organizationId', { year: 'desc', title: 'asc' }).load(archive.id),
      childrenLoader(ctx, CreditEvent, 'organizationId', { recordedAt: 'desc', id: 'desc' }).load(archive.id),
      childrenLoader(ctx, FilingCancellation, 'organizationId', { cancelledAt: 'desc' }).load(archive.id),
    ]);
    const cancellation = cancellations[0];
    const items = [
      ...inspections.map((i) =>
        ArchiveItem.of(
          'district',
          'INSPECTION',
          `${i.year}年度年检:${RESULT[i.result]}${i.rectifyBy ? `,限期${i.rectifyBy}前改正` : ''}`,
          i.inspectedAt,
        ),
      ),
      ...awards.map((a) => ArchiveItem.of('district', 'AWARD', `${a.year}年度表彰:${a.title}`, a.grantedAt)),
      ...credit.map((c) =>
        ArchiveItem.of(
          'district',
          'CREDIT',
          `${c.kind === CreditKind.POSITIVE ? '+' : '-'}${c.points} ${c.reason}`,
          c.recordedAt,
        ),
      ),
      ...(cancellation
        ? [ArchiveItem.of('district', 'HANDLING_RESULT', `取消备案资格:${cancellation.reason}`, cancellation.cancelledAt)]
        : []),
    ];
    return items.sort(byDateDesc);
  }
}

export const archiveReferenceResolvers = {
  OrganizationArchive: {
    __resolveReference: keyReference(OrganizationArchiveRef),
  },
};
