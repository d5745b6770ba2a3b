import { AuditRecordConnection, auditTrailPage, PageArgs, pageRequest, type RequestContext } from '@cso/platform';
import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { DistrictRef } from '../federation/district.ref.js';
import { assertMayReadAuditTrail } from './audit.policy.js';

@Resolver(() => DistrictRef)
export class StreetAuditTrailResolver {
  @FieldResolver(() => AuditRecordConnection, {
    nullable: true,
    description:
      '街道审计记录 Changes made in the street tier (decisions, objections, certificates) in this district, newest first. District officers of the district only.',
  })
  streetAuditTrail(@Root() district: DistrictRef, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: RequestContext) {
    const request = pageRequest(page);
    assertMayReadAuditTrail(ctx.caller, district.id);
    return auditTrailPage(ctx, district.id, request);
  }
}
