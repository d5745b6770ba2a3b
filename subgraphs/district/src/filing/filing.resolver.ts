import { isRole } from '@cso/contracts';
import { connectionOf, ForbiddenError, keysetPage, PageArgs, pageRequest, requireUuid, type RequestContext } from '@cso/platform';
import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, InputType, Mutation, Resolver, Root } from 'type-graphql';
import { District } from '../district/district.entity.js';
import { BlacklistEntry, FilingCancellation } from './filing.entity.js';
import { blacklistLeader, cancelFiling } from './filing.service.js';

@InputType({ description: '列入失信名单 A person to blacklist.' })
class BlacklistInput {
  @Field(() => ID)
  districtId!: string;

  @Field({ description: '身份证号 18 characters with a valid check digit.' })
  idNumber!: string;

  @Field({ description: '姓名 2 to 20 Chinese characters.' })
  name!: string;

  @Field({ description: '失信事由 5 to 500 characters.' })
  reason!: string;
}

const BlacklistConnection = connectionOf(BlacklistEntry, 'BlacklistEntry', 'A page of the blacklist, newest first.');

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
  async blacklist(@Root() district: District, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: RequestContext) {
    const request = pageRequest(page);
    if (!isRole(ctx.caller, 'DISTRICT_OFFICER') || ctx.caller.districtId !== district.id)
      throw new ForbiddenError('The blacklist is for the officers of this district', 'JURISDICTION');
    return BlacklistConnection.from(
      await keysetPage(
        {
          em: ctx.em,
          entity: BlacklistEntry,
          table: 'blacklist_entry',
          sortColumn: 'listed_at',
          where: ['"district_id" = ?'],
          params: [district.id],
          descending: true,
        },
        request,
      ),
    );
  }
}
