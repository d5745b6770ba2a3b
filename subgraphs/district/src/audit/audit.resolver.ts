import { AuditRecordConnection, auditTrailPage, PageArgs, pageRequest, type RequestContext } from '@cso/platform';
import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { District } from '../district/district.entity.js';
import { assertMayReadAuditTrail } from './audit.policy.js';

@Resolver(() => District)
export class DistrictAuditResolver {
  @FieldResolver(() => AuditRecordConnection, {
    description:
      '区级审计记录 Changes made in the district tier (policies…), newest first. District officers of the district only.',
  })
  districtAuditTrail(
    @Root() district: District,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<AuditRecordConnection> {
    const request = pageRequest(page);
    assertMayReadAuditTrail(ctx.caller, district.id);
    return auditTrailPage(ctx, district.id, request);
  }
}
