import {
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
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Organization } from '../organization/organization.entity.js';
import { organizationById } from '../organization/organization.loader.js';
import { personalField } from '../organization/organization.policy.js';
import { personalDataAccessFor } from '../organization/organization.service.js';
import { FilingApplication, FilingStep } from './filing.entity.js';
import { FilingKind, PreliminaryDecision } from './filing.enums.js';
import { ChangeFilingInput, DissolutionInput, FilingCorrectionInput, FilingFilter, FilingInput } from './filing.inputs.js';
import { filingById, stepsByFiling } from './filing.loader.js';
import { assertCanReadFiling } from './filing.policy.js';
import { filingConditions, filingPage } from './filing.repository.js';
import { resubmitFiling, reviewFiling, submitChangeFiling, submitDissolution, submitFiling } from './filing.service.js';
import { DissolutionVote, FilingApplicationConnection, FilingChanges, PreliminaryReview } from './filing.types.js';

const id = (value: string, field: string) => requireUuid(value, field);

/** The caller's access to the personal data of the filing's organization. */
const personalAccess = (ctx: RequestContext, filing: FilingApplication) => personalDataAccessFor(ctx, filing.organizationId);

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
    const rows = await filingPage(ctx.em, filingConditions(ctx.caller, filter), request);
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
    return personalField(await personalAccess(ctx, filing), filing.applicantName, maskName);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: '申请人电话 As applicantName; null when an officer or leader applied.',
  })
  async applicantPhone(@Root() filing: FilingApplication, @Ctx() ctx: RequestContext): Promise<string | null> {
    return filing.applicantPhone ? personalField(await personalAccess(ctx, filing), filing.applicantPhone, maskPhone) : null;
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
    const leaderName = FilingChanges.newLeaderName(filing);
    const shown = leaderName ? personalField(await personalAccess(ctx, filing), leaderName, maskName) : null;
    return FilingChanges.of(filing, shown);
  }

  @FieldResolver(() => DissolutionVote, { nullable: true, description: '成员大会表决 The vote behind a dissolution.' })
  dissolutionVote(@Root() filing: FilingApplication): DissolutionVote | null {
    return DissolutionVote.of(filing);
  }

  @FieldResolver(() => PreliminaryReview, {
    nullable: true,
    description: '初审 The community committee’s review; null until reviewed.',
  })
  communityReview(@Root() filing: FilingApplication): PreliminaryReview | null {
    return PreliminaryReview.of(filing);
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
