import { loadReference, type RequestContext } from '@cso/platform';
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Organization } from '../organization/organization.entity.js';
import { organizationById } from '../organization/organization.loader.js';
import { ArchiveItem } from './archive-item.js';
import { assertCanReadArchive, assertSignedInForArchives } from './archive.policy.js';
import { communityArchive } from './archive.service.js';
import { OrganizationArchive } from './archive.types.js';

@Resolver(() => Organization)
export class OrganizationArchiveResolver {
  @Authorized()
  @FieldResolver(() => OrganizationArchive, {
    description:
      '档案 The organization’s file: each tier adds the items it keeps (filing and activity materials, monthly reports, evaluations, inspections, awards, handling results).',
  })
  archive(@Root() org: Organization): OrganizationArchive {
    return OrganizationArchive.of(org);
  }
}

@Resolver(() => OrganizationArchive)
export class CommunityArchiveResolver {
  @FieldResolver(() => [ArchiveItem], {
    description:
      '社区档案 What the community committee keeps: filing, change and dissolution applications, major-activity reports, satisfaction evaluations.',
  })
  community(@Root() archive: OrganizationArchive, @Ctx() ctx: RequestContext): Promise<ArchiveItem[]> {
    return communityArchive(ctx, archive.id);
  }
}

export const archiveReferenceResolvers = {
  OrganizationArchive: {
    // The same rule as the organization itself: _entities is no back door.
    async __resolveReference(ref: { id: string }, ctx: RequestContext) {
      assertSignedInForArchives(ctx.caller);
      const org = await loadReference(organizationById(ctx), ref.id);
      if (!org) return null;
      assertCanReadArchive(ctx.caller, org);
      return OrganizationArchive.of(org);
    },
  },
};
