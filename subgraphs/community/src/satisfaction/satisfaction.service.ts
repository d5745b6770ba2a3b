import { clock, ConflictError, NotFoundError, ProblemList, recordAudit, type RequestContext } from '@cso/platform';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Organization } from '../organization/organization.entity.js';
import { satisfactionByOrganization } from './satisfaction.loader.js';
import { SatisfactionRating, type EvaluatorGroup } from './satisfaction.entity.js';
import { assertCanRateOrganization, ratingProblems, type SatisfactionRatingInput } from './satisfaction.policy.js';
import { SatisfactionPeriod } from './satisfaction.types.js';

const TIER = 'community';

export interface RecordSatisfaction extends SatisfactionRatingInput {
  organizationId: string;
  evaluatorGroup: EvaluatorGroup;
}

const duplicate = () => new ConflictError('This group rated the organization for that period already', 'ALREADY_RATED');

/**
 * 满意度测评 Records an evaluator group's score of a FILED organization for a period (the officer of
 * its community); one per group and period, audited in the same transaction.
 */
export async function recordSatisfaction(ctx: RequestContext, input: RecordSatisfaction): Promise<SatisfactionRating> {
  const { organizationId, period, evaluatorGroup, score, comment } = input;
  const org = await ctx.em.findOne(Organization, { id: organizationId });
  if (!org) throw new NotFoundError('Organization', organizationId);
  assertCanRateOrganization(ctx.caller, org);
  const now = clock.now();
  const problems = new ProblemList();
  ratingProblems(problems, input, org, now);
  problems.throwIfAny();
  return ctx.em
    .transactional(async (tx) => {
      if (await tx.count(SatisfactionRating, { organizationId: org.id, period, evaluatorGroup })) throw duplicate();
      const rating = tx.create(SatisfactionRating, {
        id: randomUUID(),
        organizationId: org.id,
        communityId: org.community!,
        streetId: org.streetId,
        districtId: org.districtId,
        period,
        evaluatorGroup,
        score,
        comment: comment.trim(),
        ratedAt: now,
      });
      recordAudit(tx, ctx, TIER, {
        action: 'recordSatisfaction',
        targetType: 'SatisfactionRating',
        targetId: rating.id,
        scopeId: org.districtId,
        before: null,
        after: { organizationId: org.id, period, evaluatorGroup, score },
      });
      return rating;
    })
    .catch((error: unknown) => {
      // The unique index (organization, period, group) settles two ratings recorded at once.
      if (error instanceof UniqueConstraintViolationException) throw duplicate();
      throw error;
    });
}

/** The ratings grouped per period (newest first) with the average of the groups' scores, to one decimal. */
export function satisfactionPeriods(ratings: SatisfactionRating[]): SatisfactionPeriod[] {
  const periods = new Map<string, SatisfactionRating[]>();
  for (const r of ratings) periods.set(r.period, [...(periods.get(r.period) ?? []), r]);
  return [...periods].map(([period, rated]) =>
    Object.assign(new SatisfactionPeriod(), {
      period,
      ratings: rated,
      average: Math.round((rated.reduce((s, r) => s + r.score, 0) / rated.length) * 10) / 10,
    }),
  );
}

/** An organization's satisfaction results per period. */
export async function satisfactionOf(ctx: RequestContext, organizationId: string): Promise<SatisfactionPeriod[]> {
  return satisfactionPeriods(await satisfactionByOrganization(ctx).load(organizationId));
}
