import { requireUuid, type RequestContext } from '@cso/platform';
import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { RevokeAccessInput } from './access.inputs.js';
import { revokeAccess } from './access.service.js';
import { AccessRevocation } from './access.types.js';

@Resolver()
export class AccessResolver {
  @Authorized('DISTRICT_OFFICER')
  @Mutation(() => AccessRevocation, {
    description:
      '吊销令牌 Revoke one token (by its id) or every token of a person (by subject), for every service of the federation (district officers). Audited.',
  })
  revokeAccess(
    @Arg('districtId', () => ID) districtId: string,
    @Arg('input', () => RevokeAccessInput) input: RevokeAccessInput,
    @Ctx() ctx: RequestContext,
  ): Promise<AccessRevocation> {
    return revokeAccess(ctx, requireUuid(districtId, 'districtId'), input);
  }
}
