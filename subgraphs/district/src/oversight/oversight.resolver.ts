import { covers, isRole } from '@cso/contracts';
import {
  childrenLoader,
  ForbiddenError,
  keyReference,
  requireUuid,
  UnauthenticatedError,
  uuidArray,
  type RequestContext,
} from '@cso/platform';
import {
  Arg,
  Authorized,
  Ctx,
  Directive,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Resolver,
  Root,
} from 'type-graphql';
import { District } from '../district/district.entity.js';
import { FiledOrganization } from '../filing/filing.entity.js';
import { Award, CreditEvent, CreditKind, Inspection, InspectionResult } from './oversight.entity.js';
import { grantAward, recordCreditEvent, recordInspection } from './oversight.service.js';

/** An organization as the district subgraph sees it: a key to hang inspections, credit and awards on. */
@ObjectType('Organization')
@Directive('@key(fields: "id")')
export class OrganizationRef {
  @Field(() => ID)
  id!: string;
}

@InputType()
class InspectionInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => InspectionResult)
  result!: InspectionResult;

  @Field({ description: '检查意见 2 to 2000 characters.' })
  findings!: string;

  @Field(() => String, { nullable: true, description: '限期改正 YYYY-MM-DD; required for FAIL, refused otherwise.' })
  rectifyBy?: string | null;
}

@InputType()
class CreditEventInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => CreditKind)
  kind!: CreditKind;

  @Field(() => Int, { description: '1 to 100' })
  points!: number;

  @Field({ description: '2 to 500 characters.' })
  reason!: string;
}

@InputType()
class AwardInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => Int)
  year!: number;

  @Field({ description: '称号 2 to 100 characters.' })
  title!: string;
}

@ObjectType({
  description: '诚信 An organization’s credit: 100 plus its positive points minus its negative points, and its events.',
})
class CreditRecord {
  @Field(() => Int)
  score!: number;

  @Field(() => [CreditEvent], { description: 'Newest first (an organization has a handful a year).' })
  events!: CreditEvent[];
}

@ObjectType({ description: '年检结果 The inspection results of a year in a district.' })
class InspectionResults {
  @Field(() => Int)
  year!: number;

  @Field(() => Int, { description: 'FILED organizations now on the register.' })
  filed!: number;

  @Field(() => Int)
  inspected!: number;

  @Field(() => Int)
  pass!: number;

  @Field(() => Int)
  basicPass!: number;

  @Field(() => Int)
  fail!: number;

  @Field(() => Int, { description: 'FILED organizations without an inspection that year.' })
  notInspected!: number;
}

export const registerById = (ctx: RequestContext) =>
  ctx.loaders.get<string, FiledOrganization | null>('register.byId', async (ids) => {
    const rows = await ctx.em.find(FiledOrganization, { organizationId: { $in: [...ids] } });
    return ids.map((id) => rows.find((r) => r.organizationId === id) ?? null);
  });

/** The organization's register entry when the caller may read it; null when the district does not know it. */
export async function readable(ctx: RequestContext, organizationId: string): Promise<FiledOrganization | null> {
  if (ctx.caller.kind !== 'user') throw new UnauthenticatedError();
  const org = await registerById(ctx).load(organizationId);
  if (org && !covers(ctx.caller, { ...org, organizationId }))
    throw new ForbiddenError('This organization is outside your jurisdiction', 'JURISDICTION');
  return org;
}

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
  @FieldResolver(() => [Inspection], { description: '年检 The organization’s inspections, newest year first.' })
  async inspections(@Root() org: OrganizationRef, @Ctx() ctx: RequestContext): Promise<Inspection[]> {
    return (await readable(ctx, org.id)) ? childrenLoader(ctx, Inspection, 'organizationId', { year: 'desc' }).load(org.id) : [];
  }

  @Authorized()
  @FieldResolver(() => [Award], { description: '表彰 The organization’s awards, newest year first.' })
  async awards(@Root() org: OrganizationRef, @Ctx() ctx: RequestContext): Promise<Award[]> {
    return (await readable(ctx, org.id))
      ? childrenLoader(ctx, Award, 'organizationId', { year: 'desc', title: 'asc' }).load(org.id)
      : [];
  }

  @Authorized()
  @FieldResolver(() => CreditRecord, {
    nullable: true,
    description: '诚信 The organization’s credit; null when it was never filed.',
  })
  async credit(@Root() org: OrganizationRef, @Ctx() ctx: RequestContext): Promise<CreditRecord | null> {
    if (!(await readable(ctx, org.id))) return null;
    const events = await childrenLoader(ctx, CreditEvent, 'organizationId', { recordedAt: 'desc', id: 'desc' }).load(org.id);
    const score = events.reduce((sum, e) => sum + (e.kind === CreditKind.POSITIVE ? e.points : -e.points), 100);
    return Object.assign(new CreditRecord(), { score, events });
  }
}

type Scope = 'district_id' | 'street_id' | 'community_id';

/** The inspection results of a year for many scopes of one kind at once: one statement per batch. */
function inspectionResultsOf(ctx: RequestContext, scope: Scope, year: number) {
  return ctx.loaders.get<string, InspectionResults>(`inspectionResults.${scope}.${year}`, async (ids) => {
    const rows = await ctx.em.execute<Record<string, string>[]>(
      `select f.${scope} as k, count(*) as filed, count(i.id) as inspected,
              count(*) filter (where i.result = 'PASS') as pass,
              count(*) filter (where i.result = 'BASIC_PASS') as basic_pass,
              count(*) filter (where i.result = 'FAIL') as fail
       from filed_organization f left join inspection i on i.organization_id = f.organization_id and i.year = ?
       where f.${scope} = any(?::uuid[]) and f.status = 'FILED' group by 1`,
      [year, uuidArray(ids)],
      'all',
    );
    return ids.map((id) => {
      const row = rows.find((r) => r.k === id);
      const n = (key: string) => Number(row?.[key] ?? 0);
      return Object.assign(new InspectionResults(), {
        year,
        filed: n('filed'),
        inspected: n('inspected'),
        pass: n('pass'),
        basicPass: n('basic_pass'),
        fail: n('fail'),
        notInspected: n('filed') - n('inspected'),
      });
    });
  });
}

/** Where each street or community sits, from the register: one statement per batch; null when it has no filed organization. */
function placeOf(ctx: RequestContext, scope: 'street_id' | 'community_id') {
  return ctx.loaders.get<string, { districtId: string; streetId: string } | null>(`place.${scope}`, async (ids) => {
    const rows = await ctx.em.execute<{ k: string; district_id: string; street_id: string }[]>(
      `select distinct on (${scope}) ${scope} as k, district_id, street_id from filed_organization where ${scope} = any(?::uuid[])`,
      [uuidArray(ids)],
      'all',
    );
    return ids.map((id) => {
      const row = rows.find((r) => r.k === id);
      return row ? { districtId: row.district_id, streetId: row.street_id } : null;
    });
  });
}

/** Figures are for officers and analysts whose jurisdiction covers the scope; a scope with no data has only zeros. */
async function assertFigures(ctx: RequestContext, scope: 'street_id' | 'community_id', id: string): Promise<void> {
  const caller = ctx.caller;
  if (caller.kind !== 'user') throw new UnauthenticatedError();
  const refuse = () =>
    new ForbiddenError('These figures are for officers and analysts whose jurisdiction covers the scope', 'JURISDICTION');
  if (caller.role === 'ORG_LEADER' || (scope === 'street_id' && caller.role === 'COMMUNITY_OFFICER')) throw refuse();
  if (caller.role === 'COMMUNITY_OFFICER') {
    if (caller.communityId !== id) throw refuse();
    return;
  }
  const place = await placeOf(ctx, scope).load(id);
  if (place && !covers(caller, { ...place, communityId: scope === 'community_id' ? id : null })) throw refuse();
}

/** A street as the district subgraph sees it: a key to hang its inspection results on. */
@ObjectType('Street')
@Directive('@key(fields: "id")')
export class StreetRef {
  @Field(() => ID)
  id!: string;
}

/** A community as the district subgraph sees it. */
@ObjectType('Community')
@Directive('@key(fields: "id")')
export class CommunityRef {
  @Field(() => ID)
  id!: string;
}

@Resolver(() => District)
export class DistrictOversightResolver {
  @Authorized('DISTRICT_OFFICER', 'ANALYST')
  @FieldResolver(() => InspectionResults, {
    description: '年检结果 The district’s inspection results of a year (its officers and analysts).',
  })
  inspectionResults(
    @Root() district: District,
    @Arg('year', () => Int) year: number,
    @Ctx() ctx: RequestContext,
  ): Promise<InspectionResults> {
    if (!isRole(ctx.caller, 'DISTRICT_OFFICER', 'ANALYST') || ctx.caller.districtId !== district.id)
      throw new ForbiddenError('District figures are for its officers and analysts', 'JURISDICTION');
    return inspectionResultsOf(ctx, 'district_id', year).load(district.id);
  }
}

@Resolver(() => StreetRef)
export class StreetOversightResolver {
  @Authorized()
  @FieldResolver(() => InspectionResults, {
    description: '年检结果 The street’s inspection results of a year (its officers, the district’s, analysts).',
  })
  async inspectionResults(
    @Root() street: StreetRef,
    @Arg('year', () => Int) year: number,
    @Ctx() ctx: RequestContext,
  ): Promise<InspectionResults> {
    await assertFigures(ctx, 'street_id', street.id);
    return inspectionResultsOf(ctx, 'street_id', year).load(street.id);
  }
}

@Resolver(() => CommunityRef)
export class CommunityOversightResolver {
  @Authorized()
  @FieldResolver(() => InspectionResults, {
    description: '年检结果 The community’s inspection results of a year (officers and analysts whose jurisdiction covers it).',
  })
  async inspectionResults(
    @Root() community: CommunityRef,
    @Arg('year', () => Int) year: number,
    @Ctx() ctx: RequestContext,
  ): Promise<InspectionResults> {
    await assertFigures(ctx, 'community_id', community.id);
    return inspectionResultsOf(ctx, 'community_id', year).load(community.id);
  }
}

export const oversightReferenceResolvers = {
  Street: { __resolveReference: keyReference(StreetRef) },
  Community: { __resolveReference: keyReference(CommunityRef) },
  Organization: {
    __resolveReference: keyReference(OrganizationRef),
  },
};
