import type { RequestContext } from '@cso/platform';
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { OrganizationArchiveRef } from '../federation/organization-archive.ref.js';
import { placeOfOrganization } from '../filing/filing.loader.js';
import { assertMayReadStreetArchive } from './archive.policy.js';
import { streetArchiveItems } from './archive.service.js';
import { ArchiveItem } from './archive.types.js';

@Resolver(() => OrganizationArchiveRef)
export class StreetArchiveResolver {
  @Authorized()
  @FieldResolver(() => [ArchiveItem], {
    nullable: true,
    description: '街道档案 What the street branch keeps: its filing decisions and notices, the certificate, the monthly reports.',
  })
  async street(@Root() archive: OrganizationArchiveRef, @Ctx() ctx: RequestContext): Promise<ArchiveItem[]> {
    const place = await placeOfOrganization(ctx).load(archive.id);
    if (!place) return [];
    assertMayReadStreetArchive(ctx.caller, archive.id, place);
    return streetArchiveItems(ctx, archive.id);
  }
}
