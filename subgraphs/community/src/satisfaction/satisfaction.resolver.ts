import { requireUuid, type RequestContext } from '@cso/platform';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { Organization } from '../organization/organization.entity.js';
import { EvaluatorGroup, SatisfactionRating } from './satisfaction.entity.js';
import { recordSatisfaction, satisfactionOf } from './satisfaction.service.js';
import { SatisfactionPeriod } from './satisfaction.types.js';

@Resolver(() => Organization)
export class SatisfactionResolver {
  @Authorized('COMMUNITY_OFFICER')
  @Mutation(() => SatisfactionRating, {
    description:
      '满意度测评 Record an evaluator group’s score (0–100) of a FILED organization for a period (the officer of its community); one per group and period. Audited.',
  })
  recordSatisfaction(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('period', { description: 'YYYY or YYYY-H1 / YYYY-H2, not in the future' }) period: string,
    @Arg('evaluatorGroup', () => EvaluatorGroup) evaluatorGroup: EvaluatorGroup,
    @Arg('score', () => Int) score: number,
    @Arg('comment', { defaultValue: '' }) comment: string,
    @Ctx() ctx: RequestContext,
  ): Promise<SatisfactionRating> {
    const id = requireUuid(organizationId, 'organizationId');
    return recordSatisfaction(ctx, { organizationId: id, period, evaluatorGroup, score, comment });
  }

  @Authorized()
  @FieldResolver(() => [SatisfactionPeriod], {
    description: '满意度 Satisfaction results per period, newest first, with each group’s score.',
  })
  satisfaction(@Root() org: Organization, @Ctx() ctx: RequestContext): Promise<SatisfactionPeriod[]> {
    return satisfactionOf(ctx, org.id);
  }
}
