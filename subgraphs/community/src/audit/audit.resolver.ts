import { AuditRecordConnection, auditTrailPage, PageArgs, pageRequest, requireUuid, type RequestContext } from '@cso/platform';
import { assertMayReadAuditTrail } from './audit.policy.js';
import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { DistrictRef } from '../federation/district.ref.js';

@Resolver(() => DistrictRef)
export class CommunityAuditTrailResolver {
  @FieldResolver(() => AuditRecordConnection, {
    nullable: true,
    description:
      '社区审计记录 Changes made in the community tier (rosters, party stations…) in this district, newest first. District officers of the district only.',
  })
  communityAuditTrail(
    @Root() district: DistrictRef,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<AuditRecordConnection> {
    const districtId = requireUuid(district.id, 'id');
    const request = pageRequest(page);
    assertMayReadAuditTrail(ctx.caller, districtId);
    return auditTrailPage(ctx, districtId, request);
  }
}
