import { covers } from '@cso/contracts';
import { childrenLoader, ForbiddenError, keyReference, UnauthenticatedError, type RequestContext } from '@cso/platform';
import { ArchiveItem, byDateDesc } from '../archive/archive-item.js';
import { Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import { Certificate, StreetFiling } from '../filing/filing.entity.js';
import { MonthlyReport } from './monthly.entity.js';
import { organizationsAtStreet, type PlaceAtStreet } from './monthly.service.js';

/** What the street knows of each organization's placement: one statement per request. */
const placeOfOrganization = (ctx: RequestContext) =>
  ctx.loaders.get<string, PlaceAtStreet | null>('organization.place', (ids) => organizationsAtStreet(ctx.em, ids));

@ObjectType('OrganizationArchive')
@Directive('@key(fields: "id")')
export class OrganizationArchiveRef {
  @Field(() => ID)
  id!: string;
}

const KIND: Record<string, string> = { NEW: '成立备案', CHANGE: '变更备案', DISSOLUTION: '注销备案' };

@Resolver(() => OrganizationArchiveRef)
export class StreetArchiveResolver {
  @FieldResolver(() => [ArchiveItem], {
    description: '街道档案 What the street branch keeps: its filing decisions and notices, the certificate, the monthly reports.',
  })
  async street(@Root() archive: OrganizationArchiveRef, @Ctx() ctx: RequestContext): Promise<ArchiveItem[]> {
    if (ctx.caller.kind !== 'user') throw new UnauthenticatedError();
    const place = await placeOfOrganization(ctx).load(archive.id);
    if (!place) return [];
    if (!covers(ctx.caller, { ...place, organizationId: archive.id }))
      throw new ForbiddenError('This organization is outside your jurisdiction', 'JURISDICTION');
    const [filings, certificates, allReports] = await Promise.all([
      childrenLoader(ctx, StreetFiling, 'organizationId', { forwardedAt: 'asc', id: 'asc' }).load(archive.id),
      childrenLoader(ctx, Certificate, 'organizationId', { issuedAt: 'asc', id: 'asc' }).load(archive.id),
      childrenLoader(ctx, MonthlyReport, 'organizationId', { month: 'asc', revision: 'asc' }).load(archive.id),
    ]);
    const certificate = certificates[0];
    const reports = allReports.filter((r) => r.supersededAt === null);
    const items = [
      ...filings
        .filter((f) => f.decidedAt)
        .map((f) =>
          ArchiveItem.of(
            'street',
            'HANDLING_RESULT',
            `${KIND[f.kind] ?? f.kind}街道审核:${f.decision}${f.opinion ? `,${f.opinion}` : ''}`,
            f.decidedAt!,
          ),
        ),
      ...reports.map((r) =>
        ArchiveItem.of(
          'street',
          'MONTHLY_REPORT',
          `${r.month} 月报(${r.participants}人次${r.late ? ',逾期' : ''}${r.revision > 1 ? `,第${r.revision}次更正` : ''})`,
          r.submittedAt,
        ),
      ),
    ];
    if (certificate) {
      items.push(ArchiveItem.of('street', 'CERTIFICATE', `备案证书 ${certificate.number}`, certificate.issuedAt));
      if (certificate.voidedAt)
        items.push(
          ArchiveItem.of(
            'street',
            'HANDLING_RESULT',
            `备案证书 ${certificate.number} 作废:${certificate.voidReason ?? ''}`,
            certificate.voidedAt,
          ),
        );
    }
    return items.sort(byDateDesc);
  }
}

export const archiveReferenceResolvers = {
  OrganizationArchive: {
    __resolveReference: keyReference(OrganizationArchiveRef),
  },
};
