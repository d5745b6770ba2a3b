import { assertMayReadAuditTrail } from '../audit/audit.policy.js';
import {
  AuditRecordConnection,
  auditTrailPage,
  NotFoundError,
  PageArgs,
  pageRequest,
  isUuid,
  type RequestContext,
} from '@cso/platform';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { District } from '../district/district.entity.js';
import { DistrictPolicy } from './policy.entity.js';
import { PoliciesInput } from './policy.inputs.js';
import { policiesOf, updatePolicies } from './policy.service.js';

@Resolver(() => District)
export class DistrictPolicyResolver {
  @FieldResolver(() => DistrictPolicy, { description: '政策参数 The district’s policy values (public).' })
  policies(@Root() district: District, @Ctx() ctx: RequestContext): Promise<DistrictPolicy> {
    return policiesOf(ctx.em, district.id);
  }

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

  @Authorized('DISTRICT_OFFICER')
  @Mutation(() => DistrictPolicy, {
    description:
      '更新政策参数 Set the district’s policy values (district officers of that district). Audited; published to the street and community tiers.',
  })
  updatePolicies(
    @Arg('districtId', () => ID) districtId: string,
    @Arg('input', () => PoliciesInput) input: PoliciesInput,
    @Ctx() ctx: RequestContext,
  ): Promise<DistrictPolicy> {
    if (!isUuid(districtId)) throw new NotFoundError('District', districtId);
    return updatePolicies(ctx, districtId.toLowerCase(), input);
  }
}
