import { PageArgs, pageRequest, requireUuid, type RequestContext } from '@cso/platform';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { District } from '../district/district.entity.js';
import { BlacklistEntry, FilingCancellation } from './filing.entity.js';
import { BlacklistInput } from './filing.inputs.js';
import { assertMayReadBlacklist } from './filing.policy.js';
import { blacklistLeader, blacklistOf, cancelFiling } from './filing.service.js';
import { BlacklistConnection } from './filing.types.js';

@Resolver(() => District)
export class DistrictFilingResolver {
  @Authorized('DISTRICT_OFFICER')
  @Mutation(() => FilingCancellation, {
    description:
      '取消备案资格 Cancel a FILED organization’s filing for violations (district officers of its district); a reason is required. Audited; the street voids the certificate.',
  })
  cancelFiling(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: RequestContext,
  ): Promise<FilingCancellation> {
    return cancelFiling(ctx, requireUuid(organizationId, 'organizationId'), reason);
  }

  @Authorized('DISTRICT_OFFICER')
  @Mutation(() => BlacklistEntry, {
    description: '列入失信名单 Blacklist a person: they may no longer lead a filing in the district. Audited.',
  })
  blacklistLeader(
    @Arg('input', () => BlacklistInput) input: BlacklistInput,
    @Ctx() ctx: RequestContext,
  ): Promise<BlacklistEntry> {
    return blacklistLeader(ctx, { ...input, districtId: requireUuid(input.districtId, 'input.districtId') });
  }

  @Authorized('DISTRICT_OFFICER')
  @FieldResolver(() => BlacklistConnection, {
    description: '失信名单 The district’s blacklist, newest first (its officers only).',
  })
  blacklist(@Root() district: District, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: RequestContext) {
    const request = pageRequest(page);
    assertMayReadBlacklist(ctx.caller, district.id);
    return blacklistOf(ctx, district.id, request);
  }
}
