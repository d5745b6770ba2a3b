import { requireUuid, type RequestContext } from '@cso/platform';
import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { District } from '../district/district.entity.js';
import { CommunityRef } from '../federation/community.ref.js';
import { OrganizationRef } from '../federation/organization.ref.js';
import { StreetRef } from '../federation/street.ref.js';
import { communityInspectionResults, districtInspectionResults, streetInspectionResults } from './inspection-results.service.js';
import { Award, CreditEvent, Inspection } from './oversight.entity.js';
import { AwardInput, CreditEventInput, InspectionInput } from './oversight.inputs.js';
import { awardsByOrganization, inspectionsByOrganization, readableRegisterEntry } from './oversight.loader.js';
import { creditOf, grantAward, recordCreditEvent, recordInspection } from './oversight.service.js';
import { CreditRecord, InspectionResults } from './oversight.types.js';

@Resolver(() => OrganizationRef)
export class OversightResolver {
  @Authorized('DISTRICT_OFFICER')
  @Mutation(() => Inspection, {
    description:
      '年检 Record a FILED organization’s inspection of a year (district officers of its district); a FAIL sets a deadline to correct. Audited.',
  })
  recordInspection(@Arg('input', () => InspectionInput) input: InspectionInput, @Ctx() ctx: RequestContext) {
    return recordInspection(ctx, { ...input, organizationId: requireUuid(input.organizationId, 'input.organizationId') });
  }

  @Authorized('DISTRICT_OFFICER')
  @Mutation(() => CreditEvent, {
    description: '诚信事件 Record a positive or negative credit event (district officers). Audited.',
  })
  recordCreditEvent(@Arg('input', () => CreditEventInput) input: CreditEventInput, @Ctx() ctx: RequestContext) {
    return recordCreditEvent(ctx, { ...input, organizationId: requireUuid(input.organizationId, 'input.organizationId') });
  }

  @Authorized('DISTRICT_OFFICER')
  @Mutation(() => Award, { description: '表彰 Grant an award of a year to a FILED organization (district officers). Audited.' })
  grantAward(@Arg('input', () => AwardInput) input: AwardInput, @Ctx() ctx: RequestContext) {
    return grantAward(ctx, { ...input, organizationId: requireUuid(input.organizationId, 'input.organizationId') });
  }

  @Authorized()
  @FieldResolver(() => [Inspection], { nullable: true, description: '年检 The organization’s inspections, newest year first.' })
  async inspections(@Root() org: OrganizationRef, @Ctx() ctx: RequestContext): Promise<Inspection[]> {
    return (await readableRegisterEntry(ctx, org.id)) ? inspectionsByOrganization(ctx).load(org.id) : [];
  }

  @Authorized()
  @FieldResolver(() => [Award], { nullable: true, description: '表彰 The organization’s awards, newest year first.' })
  async awards(@Root() org: OrganizationRef, @Ctx() ctx: RequestContext): Promise<Award[]> {
    return (await readableRegisterEntry(ctx, org.id)) ? awardsByOrganization(ctx).load(org.id) : [];
  }

  @Authorized()
  @FieldResolver(() => CreditRecord, {
    nullable: true,
    description: '诚信 The organization’s credit; null when it was never filed.',
  })
  credit(@Root() org: OrganizationRef, @Ctx() ctx: RequestContext): Promise<CreditRecord | null> {
    return creditOf(ctx, org.id);
  }
}

@Resolver(() => District)
export class DistrictOversightResolver {
  @Authorized('DISTRICT_OFFICER', 'ANALYST')
  @FieldResolver(() => InspectionResults, {
    nullable: true,
    description: '年检结果 The district’s inspection results of a year (its officers and analysts).',
  })
  inspectionResults(
    @Root() district: District,
    @Arg('year', () => Int) year: number,
    @Ctx() ctx: RequestContext,
  ): Promise<InspectionResults> {
    return districtInspectionResults(ctx, district.id, year);
  }
}

@Resolver(() => StreetRef)
export class StreetOversightResolver {
  @Authorized()
  @FieldResolver(() => InspectionResults, {
    nullable: true,
    description: '年检结果 The street’s inspection results of a year (its officers, the district’s, analysts).',
  })
  inspectionResults(
    @Root() street: StreetRef,
    @Arg('year', () => Int) year: number,
    @Ctx() ctx: RequestContext,
  ): Promise<InspectionResults> {
    return streetInspectionResults(ctx, street.id, year);
  }
}

@Resolver(() => CommunityRef)
export class CommunityOversightResolver {
  @Authorized()
  @FieldResolver(() => InspectionResults, {
    nullable: true,
    description: '年检结果 The community’s inspection results of a year (officers and analysts whose jurisdiction covers it).',
  })
  inspectionResults(
    @Root() community: CommunityRef,
    @Arg('year', () => Int) year: number,
    @Ctx() ctx: RequestContext,
  ): Promise<InspectionResults> {
    return communityInspectionResults(ctx, community.id, year);
  }
}
