import { assertMayReadAuditTrail } from '../audit/audit.policy.js';
import { covers, isRole, jurisdictionCondition } from '@cso/contracts';
import {
  AuditRecordConnection,
  auditTrailPage,
  byIdLoader,
  SqlFilter,
  uuidArray,
  connectionOf,
  isUuid,
  keyReference,
  keysetPage,
  loadOrNotFound,
  NotFoundError,
  PageArgs,
  pageRequest,
  requireUuid,
  UnauthenticatedError,
  ForbiddenError,
  type RequestContext,
} from '@cso/platform';
import {
  Arg,
  Args,
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
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { Street, DistrictRef } from '../street/street.entity.js';
import { streetById } from '../street/street.loader.js';
import { Certificate, Objection, StreetFiling } from './filing.entity.js';
import { ObjectionDecision, StreetDecision, StreetStage } from './filing.enums.js';
import { decideFiling, lodgeObjection, resolveObjection } from './filing.service.js';

/** A community as the street subgraph sees it: a key to hang the street's figures on. */
@ObjectType('Community')
@Directive('@key(fields: "id")')
export class CommunityRef {
  @Field(() => ID)
  id!: string;
}

/** An organization as the street subgraph sees it: a key to hang its certificate and filing on. */
@ObjectType('Organization')
@Directive('@key(fields: "id")')
export class OrganizationRef {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: '街道审核 The street branch’s part of a filing: its queue entry and its decision.' })
class StreetReview {
  @Field(() => StreetStage)
  stage!: StreetStage;

  @Field(() => Date, { description: 'When the community forwarded it.' })
  forwardedAt!: Date;

  @Field(() => Int, { description: 'The community’s submission round that was forwarded.' })
  round!: number;

  @Field(() => StreetDecision, { nullable: true, description: 'Null while PENDING.' })
  decision!: StreetDecision | null;

  @Field(() => String, { nullable: true })
  opinion!: string | null;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true })
  deciderName!: string | null;
}

@ObjectType({
  description: '公示 A public notice of a filing approved by a street branch: readable by anyone, without signing in.',
})
class PublicNotice {
  filing!: StreetFiling;

  @Field(() => ID, { description: 'The filing application’s id.' })
  id!: string;

  @Field({ description: 'NEW, CHANGE or DISSOLUTION.' })
  kind!: string;

  @Field({ description: '组织名称 (the name it will carry).' })
  organizationName!: string;

  @Field({ description: 'One of the five categories.' })
  category!: string;

  @Field({ description: '宗旨与活动内容' })
  purpose!: string;

  @Field({ description: '活动区域' })
  activityArea!: string;

  @Field(() => Date)
  startsAt!: Date;

  @Field(() => Date)
  endsAt!: Date;

  @Field(() => Boolean, {
    description: 'True while objections are received (the notice has not ended and no objection was upheld).',
  })
  isOpen!: boolean;

  @Field(() => StreetStage)
  stage!: StreetStage;

  static of(filing: StreetFiling): PublicNotice {
    return Object.assign(new PublicNotice(), {
      filing,
      id: filing.id,
      kind: filing.kind,
      organizationName: filing.organizationName,
      category: filing.category,
      purpose: filing.purpose,
      activityArea: filing.activityArea,
      startsAt: filing.noticeStartsAt!,
      endsAt: filing.noticeEndsAt!,
      isOpen: filing.stage === StreetStage.NOTICE && filing.noticeEndsAt! > new Date(),
      stage: filing.stage,
    });
  }
}

@InputType({ description: '异议 An objection to a public notice.' })
class ObjectionInput {
  @Field({ description: '异议内容 10 to 1000 characters.' })
  content!: string;

  @Field({ description: '联系人 2 to 20 Chinese characters; seen by the street branch only.' })
  contactName!: string;

  @Field({ description: '联系电话 11 digits; seen by the street branch only.' })
  contactPhone!: string;
}

@InputType({ description: 'Narrows the street queue; your jurisdiction always applies.' })
class ForwardedFilingFilter {
  @Field(() => StreetStage, { nullable: true, description: 'PENDING: waiting for the street’s decision.' })
  stage?: StreetStage | null;

  @Field(() => ID, { nullable: true })
  streetId?: string | null;
}

@InputType({ description: 'Narrows the public notices.' })
class PublicNoticeFilter {
  @Field(() => ID, { nullable: true })
  streetId?: string | null;

  @Field(() => ID, { nullable: true })
  districtId?: string | null;
}

const ForwardedFilingConnection = connectionOf(
  StreetFiling,
  'ForwardedFiling',
  'A page of filings forwarded to the street, oldest first (a queue).',
);
const PublicNoticeConnection = connectionOf(PublicNotice, 'PublicNotice', 'A page of public notices, ending soonest first.');

const filingById = (ctx: RequestContext) => byIdLoader(ctx, StreetFiling);

function placement(f: StreetFiling) {
  return { districtId: f.districtId, streetId: f.streetId, communityId: f.communityId, organizationId: f.organizationId };
}

const isStreetOfficerOf = (ctx: RequestContext, streetId: string) =>
  isRole(ctx.caller, 'STREET_OFFICER') && ctx.caller.streetId === streetId;

function objectionsOf(ctx: RequestContext) {
  return ctx.loaders.get<string, Objection[]>('objections.byFiling', async (ids) => {
    const rows = await ctx.em.find(Objection, { filingId: { $in: [...ids] } }, { orderBy: { lodgedAt: 'asc', id: 'asc' } });
    return ids.map((id) => rows.filter((o) => o.filingId === id));
  });
}

function certificateByOrganization(ctx: RequestContext) {
  return ctx.loaders.get<string, Certificate | null>('certificate.byOrganization', async (ids) => {
    const rows = await ctx.em.find(Certificate, { organizationId: { $in: [...ids] } });
    return ids.map((id) => rows.find((c) => c.organizationId === id) ?? null);
  });
}

/** The latest filing the street received for each organization: one statement per batch. */
function latestFilingByOrganization(ctx: RequestContext) {
  return ctx.loaders.get<string, StreetFiling | null>('filing.latestByOrganization', async (ids) => {
    const rows = await ctx.em
      .getConnection()
      .execute<Record<string, unknown>[]>(
        `select distinct on (organization_id) * from street_filing where organization_id = any(?::uuid[]) order by organization_id, forwarded_at desc, id desc`,
        [uuidArray(ids)],
        'all',
      );
    const filings = rows.map((r) => ctx.em.map(StreetFiling, r));
    return ids.map((id) => filings.find((f) => f.organizationId === id) ?? null);
  });
}

@Resolver(() => StreetFiling)
export class StreetFilingResolver {
  @Authorized()
  @Query(() => ForwardedFilingConnection, {
    description:
      '街道待办 Filings forwarded to the street within your jurisdiction, oldest first; `filter: { stage: PENDING }` is the street branch’s queue of decisions. Community fields (organization, history…) come from the community subgraph.',
  })
  async forwardedFilings(
    @Arg('filter', () => ForwardedFilingFilter, { nullable: true }) filter: ForwardedFilingFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
  ) {
    const request = pageRequest(page);
    if (ctx.caller.kind !== 'user') throw new UnauthenticatedError();
    const scope = jurisdictionCondition(ctx.caller);
    const conditions = new SqlFilter()
      .add(scope.sql, ...scope.params)
      .id('streetId', 'street_id', filter?.streetId)
      .equals('stage', filter?.stage)
      .checked();
    return ForwardedFilingConnection.from(
      await keysetPage(
        { em: ctx.em, entity: StreetFiling, table: 'street_filing', sortColumn: 'forwarded_at', ...conditions },
        request,
      ),
    );
  }

  @Query(() => PublicNoticeConnection, {
    description: '公示 Public notices running now, ending soonest first. No sign-in needed.',
  })
  async publicNotices(
    @Arg('filter', () => PublicNoticeFilter, { nullable: true }) filter: PublicNoticeFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
  ) {
    const request = pageRequest(page);
    const conditions = new SqlFilter()
      .add(`"stage" = 'NOTICE'`)
      .add(`"notice_ends_at" > now()`)
      .id('streetId', 'street_id', filter?.streetId)
      .id('districtId', 'district_id', filter?.districtId)
      .checked();
    const rows = await keysetPage(
      { em: ctx.em, entity: StreetFiling, table: 'street_filing', sortColumn: 'notice_ends_at', ...conditions },
      request,
    );
    return PublicNoticeConnection.from({
      ...rows,
      nodes: rows.nodes.map(PublicNotice.of),
      cursorOf: (n: PublicNotice) => rows.cursorOf(n.filing),
    });
  }

  @Query(() => PublicNotice, { description: '公示 One public notice (running or ended) by its filing id. No sign-in needed.' })
  async publicNotice(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<PublicNotice> {
    const filing = await loadOrNotFound(filingById(ctx), 'PublicNotice', id);
    if (!filing.noticeStartsAt) throw new NotFoundError('PublicNotice', id);
    return PublicNotice.of(filing);
  }

  @Authorized('STREET_OFFICER')
  @Mutation(() => StreetFiling, {
    description:
      '街道审核 Decide a forwarded filing (the officers of its street): APPROVE opens the public notice for the district’s notice days; REJECT ends it. Audited.',
  })
  decideFiling(
    @Arg('id', () => ID) id: string,
    @Arg('decision', () => StreetDecision) decision: StreetDecision,
    @Arg('opinion') opinion: string,
    @Ctx() ctx: RequestContext,
  ): Promise<StreetFiling> {
    return decideFiling(ctx, requireUuid(id, 'id'), decision, opinion);
  }

  @Mutation(() => Objection, {
    description:
      '提出异议 Object to a running public notice; anyone may, without signing in. Contact details stay with the street branch.',
  })
  lodgeObjection(
    @Arg('noticeId', () => ID) noticeId: string,
    @Arg('input', () => ObjectionInput) input: ObjectionInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Objection> {
    return lodgeObjection(ctx, requireUuid(noticeId, 'noticeId'), input);
  }

  @Authorized('STREET_OFFICER')
  @Mutation(() => Objection, {
    description: '处理异议 Uphold (the filing fails) or dismiss an objection (the officers of the notice’s street). Audited.',
  })
  resolveObjection(
    @Arg('id', () => ID) id: string,
    @Arg('decision', () => ObjectionDecision) decision: ObjectionDecision,
    @Arg('opinion') opinion: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Objection> {
    return resolveObjection(ctx, requireUuid(id, 'id'), decision, opinion);
  }

  @FieldResolver(() => StreetReview, {
    nullable: true,
    description: '街道审核 The street’s queue entry and decision; null until the street has received the filing.',
  })
  streetDecision(@Root() filing: StreetFiling, @Ctx() ctx: RequestContext): StreetReview | null {
    if (filing.placeholder) return null;
    if (!covers(ctx.caller, placement(filing)))
      throw new ForbiddenError('This filing is outside your jurisdiction', 'JURISDICTION');
    return Object.assign(new StreetReview(), {
      stage: filing.stage,
      forwardedAt: filing.forwardedAt,
      round: filing.round,
      decision: filing.decision as StreetDecision | null,
      opinion: filing.opinion,
      decidedAt: filing.decidedAt,
      deciderName: filing.deciderName,
    });
  }

  @FieldResolver(() => PublicNotice, { nullable: true, description: '公示 The public notice; null until the street approves.' })
  notice(@Root() filing: StreetFiling): PublicNotice | null {
    return !filing.placeholder && filing.noticeStartsAt ? PublicNotice.of(filing) : null;
  }

  @FieldResolver(() => Certificate, {
    nullable: true,
    description: '备案证书 The organization’s certificate (issued by this filing or earlier); null if none was issued.',
  })
  certificate(@Root() filing: StreetFiling, @Ctx() ctx: RequestContext): Promise<Certificate | null> | null {
    return !filing.placeholder ? certificateByOrganization(ctx).load(filing.organizationId) : null;
  }
}

@Resolver(() => PublicNotice)
export class PublicNoticeResolver {
  @FieldResolver(() => Street, { description: 'The street branch that publishes it.' })
  street(@Root() notice: PublicNotice, @Ctx() ctx: RequestContext) {
    return streetById(ctx).load(notice.filing.streetId);
  }

  @FieldResolver(() => CommunityRef, { nullable: true, description: 'The community (null for a street-level organization).' })
  community(@Root() notice: PublicNotice): CommunityRef | null {
    return notice.filing.communityId ? Object.assign(new CommunityRef(), { id: notice.filing.communityId }) : null;
  }

  @FieldResolver(() => [Objection], {
    description: '异议 The objections lodged, oldest first; contact details for the street branch’s officers only.',
  })
  objections(@Root() notice: PublicNotice, @Ctx() ctx: RequestContext): Promise<Objection[]> {
    return objectionsOf(ctx).load(notice.id);
  }
}

@Resolver(() => Objection)
export class ObjectionResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: '联系人 For the officers of the notice’s street branch only; null for everyone else.',
  })
  async contactName(@Root() objection: Objection, @Ctx() ctx: RequestContext): Promise<string | null> {
    return (await contactVisible(ctx, objection)) ? objection.contactName : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: '联系电话 For the officers of the notice’s street branch only; null for everyone else.',
  })
  async contactPhone(@Root() objection: Objection, @Ctx() ctx: RequestContext): Promise<string | null> {
    return (await contactVisible(ctx, objection)) ? objection.contactPhone : null;
  }
}

async function contactVisible(ctx: RequestContext, objection: Objection): Promise<boolean> {
  if (!isRole(ctx.caller, 'STREET_OFFICER')) return false;
  const filing = await filingById(ctx).load(objection.filingId);
  return filing !== null && isStreetOfficerOf(ctx, filing.streetId);
}

@Resolver(() => OrganizationRef)
export class OrganizationFilingResolver {
  @FieldResolver(() => Certificate, {
    nullable: true,
    description: '备案证书 The filing certificate (public); null until issued.',
  })
  certificate(@Root() org: OrganizationRef, @Ctx() ctx: RequestContext): Promise<Certificate | null> {
    return certificateByOrganization(ctx).load(org.id);
  }

  @Authorized()
  @FieldResolver(() => StreetFiling, {
    nullable: true,
    description:
      '当前备案 The latest filing the street has received for it, with its decision, notice and (from the community) history.',
  })
  async filing(@Root() org: OrganizationRef, @Ctx() ctx: RequestContext): Promise<StreetFiling | null> {
    const filing = await latestFilingByOrganization(ctx).load(org.id);
    if (filing && !covers(ctx.caller, placement(filing)))
      throw new ForbiddenError('This filing is outside your jurisdiction', 'JURISDICTION');
    return filing;
  }
}

@Resolver(() => DistrictRef)
export class StreetAuditTrailResolver {
  @FieldResolver(() => AuditRecordConnection, {
    description:
      '街道审计记录 Changes made in the street tier (decisions, objections, certificates) in this district, newest first. District officers of the district only.',
  })
  streetAuditTrail(@Root() district: DistrictRef, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: RequestContext) {
    const request = pageRequest(page);
    assertMayReadAuditTrail(ctx.caller, district.id);
    return auditTrailPage(ctx, district.id, request);
  }
}

export const filingReferenceResolvers = {
  FilingApplication: {
    // A filing the street never received resolves to a placeholder whose street fields are null.
    async __resolveReference(ref: { id: string }, ctx: RequestContext) {
      const found = typeof ref.id === 'string' && isUuid(ref.id) ? await filingById(ctx).load(ref.id.toLowerCase()) : null;
      return found ?? Object.assign(new StreetFiling(), { id: ref.id, placeholder: true });
    },
  },
  Community: {
    __resolveReference: keyReference(CommunityRef),
  },
  Organization: {
    __resolveReference: keyReference(OrganizationRef),
  },
};
