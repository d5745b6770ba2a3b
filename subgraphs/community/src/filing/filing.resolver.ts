import { jurisdictionCondition } from '@cso/contracts';
import {
  byIdLoader,
  SqlFilter,
  childrenLoader,
  connectionOf,
  UnauthenticatedError,
  keysetPage,
  loadOrNotFound,
  loadReference,
  maskName,
  maskPhone,
  NotFoundError,
  PageArgs,
  pageRequest,
  requireUuid,
  type RequestContext,
} from '@cso/platform';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { Organization } from '../organization/organization.entity.js';
import { OrganizationCategory } from '../organization/organization.enums.js';
import { organizationById } from '../organization/organization.loader.js';
import { personalDataAccess } from '../organization/organization.policy.js';
import { FilingApplication, FilingStep } from './filing.entity.js';
import { FilingKind, PreliminaryDecision } from './filing.enums.js';
import { ChangeFilingInput, DissolutionInput, FilingCorrectionInput, FilingFilter, FilingInput } from './filing.inputs.js';
import {
  assertCanReadFiling,
  resubmitFiling,
  reviewFiling,
  submitChangeFiling,
  submitDissolution,
  submitFiling,
} from './filing.service.js';

@ObjectType({ description: '初审意见 The community committee’s preliminary review.' })
class PreliminaryReview {
  @Field(() => PreliminaryDecision)
  decision!: PreliminaryDecision;

  @Field()
  opinion!: string;

  @Field(() => Date)
  reviewedAt!: Date;

  @Field(() => String, { nullable: true })
  reviewerName!: string | null;
}

@ObjectType({ description: '变更事项 What a change filing changes (fields left null stay as they are).' })
class FilingChanges {
  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => OrganizationCategory, { nullable: true })
  category!: OrganizationCategory | null;

  @Field(() => String, { nullable: true })
  purpose!: string | null;

  @Field(() => String, { nullable: true })
  activityArea!: string | null;

  @Field(() => String, { nullable: true })
  activitySchedule!: string | null;

  @Field(() => String, { nullable: true, description: 'The new leader’s name (masked unless you may see the roster in full).' })
  leaderName!: string | null;
}

@ObjectType({ description: '成员大会表决 The member meeting that decided a dissolution.' })
class DissolutionVote {
  @Field()
  meetingDate!: string;

  @Field(() => Int, { description: 'Members on the roster when the dissolution was submitted.' })
  memberCount!: number;

  @Field(() => Int)
  membersPresent!: number;

  @Field(() => Int)
  votesFor!: number;
}

export const FilingApplicationConnection = connectionOf(
  FilingApplication,
  'FilingApplication',
  'A page of filing applications, oldest submission first (a queue).',
);
type FilingApplicationConnection = InstanceType<typeof FilingApplicationConnection>;

export const filingById = (ctx: RequestContext) => byIdLoader(ctx, FilingApplication);
const stepsByFiling = (ctx: RequestContext) => childrenLoader(ctx, FilingStep, 'filingId', { at: 'asc', id: 'asc' });

async function personalAccess(ctx: RequestContext, filing: FilingApplication) {
  const org = await organizationById(ctx).load(filing.organizationId);
  return org ? personalDataAccess(ctx.caller, org) : 'NONE';
}

const id = (value: string, field: string) => requireUuid(value, field);

/** Personal data by access: in full, masked, or nothing at all (analysts). */
function personal(access: 'FULL' | 'MASKED' | 'NONE', value: string, mask: (v: string) => string): string | null {
  return access === 'FULL' ? value : access === 'MASKED' ? mask(value) : null;
}

@Resolver(() => FilingApplication)
export class FilingResolver {
  @Authorized()
  @Query(() => FilingApplication, {
    description:
      '备案申请 One filing application with its whole path: intake and preliminary review here, the street’s decision, notice and certificate from the street subgraph. Within your jurisdiction.',
  })
  async filingApplication(@Arg('id', () => ID) filingId: string, @Ctx() ctx: RequestContext): Promise<FilingApplication> {
    const filing = await loadOrNotFound(filingById(ctx), 'FilingApplication', filingId);
    assertCanReadFiling(ctx.caller, filing);
    return filing;
  }

  @Authorized()
  @Query(() => FilingApplicationConnection, {
    description:
      '备案申请列表 Filing applications within your jurisdiction, oldest submission first. `filter: { status: SUBMITTED }` is the community committee’s queue of preliminary reviews.',
  })
  async filingApplications(
    @Arg('filter', () => FilingFilter, { nullable: true }) filter: FilingFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<FilingApplicationConnection> {
    const request = pageRequest(page);
    if (ctx.caller.kind !== 'user') throw new UnauthenticatedError();
    const scope = jurisdictionCondition(ctx.caller);
    const conditions = new SqlFilter()
      .add(scope.sql, ...scope.params)
      .id('communityId', 'community_id', filter?.communityId)
      .id('streetId', 'street_id', filter?.streetId)
      .id('organizationId', 'organization_id', filter?.organizationId)
      .equals('status', filter?.status)
      .equals('kind', filter?.kind)
      .checked();
    const rows = await keysetPage(
      { em: ctx.em, entity: FilingApplication, table: 'filing_application', sortColumn: 'submitted_at', ...conditions },
      request,
    );
    return FilingApplicationConnection.from(rows);
  }

  @Authorized('COMMUNITY_OFFICER')
  @Mutation(() => FilingApplication, {
    description:
      '提交成立备案 Receive a new organization’s filing (the community officer, representing its initiators). Checked in full (fields, roster, minimum members, naming, blacklist); nothing is stored unless all pass. Audited.',
  })
  submitFiling(@Arg('input', () => FilingInput) input: FilingInput, @Ctx() ctx: RequestContext): Promise<FilingApplication> {
    return submitFiling(ctx, input);
  }

  @Authorized('COMMUNITY_OFFICER', 'STREET_OFFICER', 'ORG_LEADER')
  @Mutation(() => FilingApplication, {
    description: '提交变更备案 Apply to change filed items of a FILED organization (its committee or its leader). Audited.',
  })
  submitChangeFiling(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('input', () => ChangeFilingInput) input: ChangeFilingInput,
    @Ctx() ctx: RequestContext,
  ): Promise<FilingApplication> {
    return submitChangeFiling(ctx, id(organizationId, 'organizationId'), input);
  }

  @Authorized('COMMUNITY_OFFICER', 'STREET_OFFICER', 'ORG_LEADER')
  @Mutation(() => FilingApplication, {
    description:
      '提交注销备案 Apply to dissolve a FILED organization after its member meeting voted (its committee or its leader); it is DISSOLVING meanwhile. Audited.',
  })
  submitDissolution(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('input', () => DissolutionInput) input: DissolutionInput,
    @Ctx() ctx: RequestContext,
  ): Promise<FilingApplication> {
    return submitDissolution(ctx, id(organizationId, 'organizationId'), input);
  }

  @Authorized('COMMUNITY_OFFICER', 'STREET_OFFICER')
  @Mutation(() => FilingApplication, {
    description:
      '初审 Preliminary review by the committee that received the filing: FORWARD to the street (the policies are checked again), RETURN for correction, or REJECT; an opinion is required. Audited.',
  })
  reviewFiling(
    @Arg('id', () => ID) filingId: string,
    @Arg('decision', () => PreliminaryDecision) decision: PreliminaryDecision,
    @Arg('opinion') opinion: string,
    @Ctx() ctx: RequestContext,
  ): Promise<FilingApplication> {
    return reviewFiling(ctx, id(filingId, 'id'), decision, opinion);
  }

  @Authorized('COMMUNITY_OFFICER', 'STREET_OFFICER', 'ORG_LEADER')
  @Mutation(() => FilingApplication, {
    description: '补正后重新提交 Correct a RETURNED filing and submit it again; the history is kept. Audited.',
  })
  resubmitFiling(
    @Arg('id', () => ID) filingId: string,
    @Arg('correction', () => FilingCorrectionInput) correction: FilingCorrectionInput,
    @Ctx() ctx: RequestContext,
  ): Promise<FilingApplication> {
    return resubmitFiling(ctx, id(filingId, 'id'), correction);
  }

  @FieldResolver(() => Organization, { description: 'The organization the filing is for (a new one is APPLYING meanwhile).' })
  async organization(@Root() filing: FilingApplication, @Ctx() ctx: RequestContext): Promise<Organization> {
    const org = await organizationById(ctx).load(filing.organizationId);
    if (!org) throw new NotFoundError('Organization', filing.organizationId);
    return org;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      '申请人 Who applied: in full for those who may see the roster in full, masked for other officers, null for analysts.',
  })
  async applicantName(@Root() filing: FilingApplication, @Ctx() ctx: RequestContext): Promise<string | null> {
    return personal(await personalAccess(ctx, filing), filing.applicantName, maskName);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: '申请人电话 As applicantName; null when an officer or leader applied.',
  })
  async applicantPhone(@Root() filing: FilingApplication, @Ctx() ctx: RequestContext): Promise<string | null> {
    return filing.applicantPhone ? personal(await personalAccess(ctx, filing), filing.applicantPhone, maskPhone) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: '章程 The charter (new filings).' })
  charter(@Root() filing: FilingApplication): string | null {
    return typeof filing.proposal.charter === 'string' ? filing.proposal.charter : null;
  }

  @FieldResolver(() => String, { nullable: true, description: '理由 Why (change and dissolution filings).' })
  reason(@Root() filing: FilingApplication): string | null {
    return typeof filing.proposal.reason === 'string' ? filing.proposal.reason : null;
  }

  @FieldResolver(() => FilingChanges, { nullable: true, description: '变更事项 What a change filing changes.' })
  async changes(@Root() filing: FilingApplication, @Ctx() ctx: RequestContext): Promise<FilingChanges | null> {
    if (filing.kind !== FilingKind.CHANGE) return null;
    const c = (filing.proposal.changes ?? {}) as Record<string, string | undefined>;
    const leaderName = c.leaderName ? personal(await personalAccess(ctx, filing), c.leaderName, maskName) : null;
    return Object.assign(new FilingChanges(), {
      name: c.name ?? null,
      category: (c.category as OrganizationCategory | undefined) ?? null,
      purpose: c.purpose ?? null,
      activityArea: c.activityArea ?? null,
      activitySchedule: c.activitySchedule ?? null,
      leaderName,
    });
  }

  @FieldResolver(() => DissolutionVote, { nullable: true, description: '成员大会表决 The vote behind a dissolution.' })
  dissolutionVote(@Root() filing: FilingApplication): DissolutionVote | null {
    if (filing.kind !== FilingKind.DISSOLUTION) return null;
    return Object.assign(new DissolutionVote(), filing.proposal);
  }

  @FieldResolver(() => PreliminaryReview, {
    nullable: true,
    description: '初审 The community committee’s review; null until reviewed.',
  })
  communityReview(@Root() filing: FilingApplication): PreliminaryReview | null {
    if (!filing.communityDecision || !filing.reviewedAt) return null;
    return Object.assign(new PreliminaryReview(), {
      decision: filing.communityDecision,
      opinion: filing.communityOpinion ?? '',
      reviewedAt: filing.reviewedAt,
      reviewerName: filing.reviewerName,
    });
  }

  @FieldResolver(() => [FilingStep], { description: '办理记录 Every step in every tier, oldest first.' })
  history(@Root() filing: FilingApplication, @Ctx() ctx: RequestContext): Promise<FilingStep[]> {
    return stepsByFiling(ctx).load(filing.id);
  }
}

export const filingReferenceResolvers = {
  FilingApplication: {
    async __resolveReference(ref: { id: string }, ctx: RequestContext) {
      const filing = await loadReference(filingById(ctx), ref.id);
      if (filing) assertCanReadFiling(ctx.caller, filing);
      return filing;
    },
  },
};
