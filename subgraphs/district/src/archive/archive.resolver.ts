import type { RequestContext } from '@cso/platform';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { OrganizationArchiveRef } from '../federation/organization-archive.ref.js';
import { ArchiveItem } from './archive-item.js';
import { districtArchiveOf } from './archive.service.js';

@Resolver(() => OrganizationArchiveRef)
export class DistrictArchiveResolver {
  @FieldResolver(() => [ArchiveItem], {
    nullable: true,
    description: '区级档案 What the district association keeps: inspections, awards, credit events, cancellation.',
  })
  district(@Root() archive: OrganizationArchiveRef, @Ctx() ctx: RequestContext): Promise<ArchiveItem[]> {
    return districtArchiveOf(ctx, archive.id);
  }
}
