import { PageArgs, pageRequest, requireUuid, type RequestContext } from '@cso/platform';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CommunityRef } from '../federation/community.ref.js';
import { OrganizationRef } from '../federation/organization.ref.js';
import { Street } from '../street/street.entity.js';
import { streetById } from '../street/street.loader.js';
import { Certificate, Objection, StreetFiling } from './filing.entity.js';
import { ObjectionDecision, StreetDecision } from './filing.enums.js';
import { ForwardedFilingFilter, ObjectionInput, PublicNoticeFilter } from './filing.inputs.js';
import { certificateByOrganization, latestFilingByOrganization, objectionsByFiling } from './filing.loader.js';
import { assertMayReadFiling, readableFilings } from './filing.policy.js';
import {
  decideFiling,
  filingForReference,
  listForwardedFilings,
  listRunningNotices,
  lodgeObjection,
  noticeOfFiling,
  objectionContact,
  publicNoticeOf,
  resolveObjection,
} from './filing.service.js';
import { ForwardedFilingConnection, PublicNotice, PublicNoticeConnection, StreetReview } from './filing.views.js';

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
    return ForwardedFilingConnection.from(await listForwardedFilings(ctx, readableFilings(ctx.caller), filter, request));
  }

  @Query(() => PublicNoticeConnection, {
    description: '公示 Public notices running now, ending soonest first. No sign-in needed.',
  })
  async publicNotices(
    @Arg('filter', () => PublicNoticeFilter, { nullable: true }) filter: PublicNoticeFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
  ) {
    return PublicNoticeConnection.from(await listRunningNotices(ctx, filter, pageRequest(page)));
  }

  @Query(() => PublicNotice, { description: '公示 One public notice (running or ended) by its filing id. No sign-in needed.' })
  publicNotice(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<PublicNotice> {
    return publicNoticeOf(ctx, id);
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
    assertMayReadFiling(ctx.caller, filing);
    return StreetReview.of(filing);
  }

  @FieldResolver(() => PublicNotice, { nullable: true, description: '公示 The public notice; null until the street approves.' })
  notice(@Root() filing: StreetFiling): PublicNotice | null {
    return noticeOfFiling(filing);
  }

  @FieldResolver(() => Certificate, {
    nullable: true,
    description: '备案证书 The organization’s certificate (issued by this filing or earlier); null if none was issued.',
  })
  certificate(@Root() filing: StreetFiling, @Ctx() ctx: RequestContext): Promise<Certificate | null> | null {
    return filing.placeholder ? null : certificateByOrganization(ctx).load(filing.organizationId);
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
    return notice.filing.communityId ? CommunityRef.of(notice.filing.communityId) : null;
  }

  @FieldResolver(() => [Objection], {
    description: '异议 The objections lodged, oldest first; contact details for the street branch’s officers only.',
  })
  objections(@Root() notice: PublicNotice, @Ctx() ctx: RequestContext): Promise<Objection[]> {
    return objectionsByFiling(ctx).load(notice.id);
  }
}

@Resolver(() => Objection)
export class ObjectionResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: '联系人 For the officers of the notice’s street branch only; null for everyone else.',
  })
  async contactName(@Root() objection: Objection, @Ctx() ctx: RequestContext): Promise<string | null> {
    return (await objectionContact(ctx, objection))?.name ?? null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: '联系电话 For the officers of the notice’s street branch only; null for everyone else.',
  })
  async contactPhone(@Root() objection: Objection, @Ctx() ctx: RequestContext): Promise<string | null> {
    return (await objectionContact(ctx, objection))?.phone ?? null;
  }
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
    if (filing) assertMayReadFiling(ctx.caller, filing);
    return filing;
  }
}

export const filingReference = {
  FilingApplication: {
    __resolveReference: (ref: { id: unknown }, ctx: RequestContext) => filingForReference(ctx, ref.id),
  },
};
