import { isCommunityOfficerOf } from '@cso/contracts';
import { ForbiddenError, localMonth, localYear, textLength, type Caller, type ProblemList } from '@cso/platform';
import type { Organization } from '../organization/organization.entity.js';
import { OrganizationStatus } from '../organization/organization.enums.js';

/**
 * 满意度测评 (seed 002) The rules of satisfaction evaluations: who records them, and what a rating
 * must be. Periods are Beijing calendar periods.
 */

const PERIOD = /^(\d{4})(-H[12])?$/;

/** The officer of the organization's own community records its evaluations. */
export function assertCanRateOrganization(caller: Caller, org: Organization): void {
  if (!isCommunityOfficerOf(caller, org.community))
    throw new ForbiddenError('Only the officer of the organization’s community records its evaluations', 'JURISDICTION');
}

/**
 * True when the period (YYYY, YYYY-H1 or YYYY-H2) has begun at `now` in Beijing: a year from its
 * 1 January, a second half from its 1 July.
 */
export function periodHasBegun(period: string, now: Date): boolean {
  const match = PERIOD.exec(period);
  if (!match) return false;
  const year = Number(match[1]);
  const currentYear = localYear(now);
  if (year !== currentYear) return year < currentYear;
  return match[2] !== '-H2' || localMonth(now) >= `${year}-07`;
}

export interface SatisfactionRatingInput {
  period: string;
  score: number;
  comment: string;
}

/** Every problem of a rating at once: the period's form and that it has begun, the score, the comment, the organization's status. */
export function ratingProblems(problems: ProblemList, rating: SatisfactionRatingInput, org: Organization, now: Date): void {
  if (!PERIOD.test(rating.period)) problems.add('period', 'PERIOD_FORMAT', 'must be YYYY, YYYY-H1 or YYYY-H2');
  else if (!periodHasBegun(rating.period, now))
    problems.add('period', 'FUTURE_PERIOD', 'a period that has not begun cannot be rated');
  if (!Number.isInteger(rating.score) || rating.score < 0 || rating.score > 100)
    problems.add('score', 'OUT_OF_RANGE', 'must be 0 to 100');
  textLength(problems, 'comment', rating.comment, 0, 500);
  if (org.status !== OrganizationStatus.FILED)
    problems.rule(
      'organizationId',
      'ORGANIZATION_NOT_FILED',
      `only FILED organizations are evaluated; this one is ${org.status}`,
    );
}
