import { childrenLoader, covers, ForbiddenError, isRole, isUuid, requireUuid, UnauthenticatedError, type RequestContext } from '@cso/kit';
import { Arg, Authorized, Ctx, Directive, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
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

@ObjectType({ description: '诚信 An organization’s credit: 100 plus its positive points minus its negative points, and its events.' })
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
  if (org && !covers(ctx.caller, { ...org, organizationId })) throw new ForbiddenError('This organization is outside your jurisdiction', 'JURISDICTION');
  return org;
}

@Resolver(() => OrganizationRef)
export class OversightResolver {
  @Authorized('DISTRICT_OFFICER')
  @Mutation(() => Inspection, { description: '年检 Record a FILED organization’s inspection of a year (district officers of its district); a FAIL sets a deadline to correct. Audited.' })
  recordInspection(@Arg('input', () => InspectionInput) input: InspectionInput, @Ctx() ctx: RequestContext) {
    return recordInspection(ctx, { ...input, organizationId: requireUuid(input.organizationId, 'input.organizationId') });
  }

  @Authorized('DISTRICT_OFFICER')
  @Mutation(() => CreditEvent, { description: '诚信事件 Record a positive or negative credit event (district officers). Audited.' })
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
    return (await readable(ctx, org.id)) ? childrenLoader(ctx, Award, 'organizationId', { year: 'desc', title: 'asc' }).load(org.id) : [];
  }

  @Authorized()
  @FieldResolver(() => CreditRecord, { nullable: true, description: '诚信 The organization’s credit; null when it was never filed.' })
  async credit(@Root() org: OrganizationRef, @Ctx() ctx: RequestContext): Promise<CreditRecord | null> {
    if (!(await readable(ctx, org.id))) return null;
    const events = await childrenLoader(ctx, CreditEvent, 'organizationId', { recordedAt: 'desc', id: 'desc' }).load(org.id);
    const score = events.reduce((sum, e) => sum + (e.kind === CreditKind.POSITIVE ? e.points : -e.points), 100);
    return Object.assign(new CreditRecord(), { score, events });
  }
}

@Resolver(() => District)
export class DistrictOversightResolver {
  @Authorized('DISTRICT_OFFICER', 'ANALYST')
  @FieldResolver(() => InspectionResults, { description: '年检结果 The district’s inspection results of a year (its officers and analysts).' })
  async inspectionResults(@Root() district: District, @Arg('year', () => Int) year: number, @Ctx() ctx: RequestContext): Promise<InspectionResults> {
    if (!isRole(ctx.caller, 'DISTRICT_OFFICER', 'ANALYST') || ctx.caller.districtId !== district.id) throw new ForbiddenError('District figures are for its officers and analysts', 'JURISDICTION');
    const [row] = await ctx.em.execute<Record<string, string>[]>(
      `select (select count(*) from filed_organization where district_id = ? and status = 'FILED') as filed,
              count(*) as inspected,
              count(*) filter (where result = 'PASS') as pass,
              count(*) filter (where result = 'BASIC_PASS') as basic_pass,
              count(*) filter (where result = 'FAIL') as fail,
              (select count(*) from filed_organization f where f.district_id = ? and f.status = 'FILED'
                 and not exists (select 1 from inspection i where i.organization_id = f.organization_id and i.year = ?)) as not_inspected
       from inspection where district_id = ? and year = ?`,
      [district.id, district.id, year, district.id, year],
      'all',
    );
    return Object.assign(new InspectionResults(), {
      year,
      filed: Number(row!.filed),
      inspected: Number(row!.inspected),
      pass: Number(row!.pass),
      basicPass: Number(row!.basic_pass),
      fail: Number(row!.fail),
      notInspected: Number(row!.not_inspected),
    });
  }
}

export const oversightReferenceResolvers = {
  Organization: {
    __resolveReference: (ref: { id: string }) => (typeof ref.id === 'string' && isUuid(ref.id) ? Object.assign(new OrganizationRef(), { id: ref.id.toLowerCase() }) : null),
  },
};
