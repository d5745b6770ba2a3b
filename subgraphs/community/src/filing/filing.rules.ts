import { type PolicyValues } from '@cso/contracts';
import { clock, pastDate, textLength, type ProblemList } from '@cso/platform';
import { checkOrganizationName } from '../organization/organization.naming.js';
import type { OrganizationLevel, OrganizationSponsor } from '../organization/organization.enums.js';

/**
 * The rules of the community committee's preliminary review (初审). Malformed input is reported
 * with `add` (BAD_USER_INPUT); broken policies with `rule` (POLICY_VIOLATION); all at once.
 */

/** The profile fields a filing form or a change may carry. */
export interface ProfileFields {
  purpose?: string | null;
  activityArea?: string | null;
  activitySchedule?: string | null;
}

export function profileProblems(problems: ProblemList, fields: ProfileFields, prefix: string): void {
  textLength(problems, `${prefix}.purpose`, fields.purpose, 10, 500);
  textLength(problems, `${prefix}.activityArea`, fields.activityArea, 2, 100);
  textLength(problems, `${prefix}.activitySchedule`, fields.activitySchedule, 2, 100);
}

/** Naming conventions (seed 001): a badly formed name is bad input; a convention broken is a policy. */
export function nameProblems(
  problems: ProblemList,
  naming: {
    name: string;
    level: OrganizationLevel;
    sponsor: OrganizationSponsor;
    communityName: string | null;
    streetName?: string;
  },
  field: string,
): void {
  for (const p of checkOrganizationName({ ...naming, streetName: naming.streetName ?? '' }, field)) {
    if (p.code === 'NAME_CONVENTION' || p.code === 'NAME_RESERVED_WORD') problems.rule(p.field, p.code, p.message);
    else problems.add(p.field, p.code, p.message);
  }
}

/** 成员人数 At least the district's minimum members (seed 000: "in principle 10"). */
export function minimumMembers(problems: ProblemList, count: number, policies: PolicyValues, field: string): void {
  if (count < policies.minimumMembers) {
    problems.rule(field, 'MINIMUM_MEMBERS', `needs at least ${policies.minimumMembers} members (district policy); has ${count}`);
  }
}

/** 失信惩戒 A person the district has blacklisted may not lead an organization (a policy). */
export function leaderBlacklisted(problems: ProblemList, field: string): void {
  problems.rule(field, 'LEADER_BLACKLISTED', 'the leader is on the district’s blacklist (失信名单)');
}

export interface DissolutionVote {
  meetingDate: string;
  membersPresent: number;
  votesFor: number;
}

/**
 * 成员大会表决 The member meeting that decides a dissolution (the model charter of social
 * organizations): at least two thirds of the members present, more than half of them voting for.
 */
export function voteProblems(
  problems: ProblemList,
  vote: DissolutionVote,
  memberCount: number,
  prefix: string,
  now = clock.now(),
): void {
  pastDate(problems, `${prefix}.meetingDate`, vote.meetingDate, now);
  if (vote.membersPresent < 1 || vote.membersPresent > memberCount) {
    problems.add(`${prefix}.membersPresent`, 'OUT_OF_RANGE', `must be 1 to ${memberCount} (the roster)`);
  } else if (vote.membersPresent * 3 < memberCount * 2) {
    problems.rule(`${prefix}.membersPresent`, 'MEETING_QUORUM', `at least two thirds of the ${memberCount} members must attend`);
  }
  if (vote.votesFor < 0 || vote.votesFor > vote.membersPresent) {
    problems.add(`${prefix}.votesFor`, 'OUT_OF_RANGE', 'must be 0 to the members present');
  } else if (vote.membersPresent >= 1 && vote.votesFor * 2 <= vote.membersPresent) {
    problems.rule(`${prefix}.votesFor`, 'DISSOLUTION_MAJORITY', 'more than half of the members present must vote for');
  }
}
