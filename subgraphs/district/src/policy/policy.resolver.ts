import { NotFoundError, isUuid, type RequestContext } from '@cso/platform';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { District } from '../district/district.entity.js';
import { DistrictPolicy } from './policy.entity.js';
import { PoliciesInput } from './policy.inputs.js';
import { policiesByDistrict } from './policy.loader.js';
import { updatePolicies } from './policy.service.js';

@Resolver(() => District)
export class DistrictPolicyResolver {
  @FieldResolver(() => DistrictPolicy, { description: '政策参数 The district’s policy values (public).' })
  policies(@Root() district: District, @Ctx() ctx: RequestContext): Promise<DistrictPolicy> {
    return policiesByDistrict(ctx).load(district.id);
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
