import { type PolicyValues } from '@cso/contracts';
import { pastDate, textLength, type FieldProblem, type ProblemList } from '@cso/platform';
import { checkOrganizationName } from '../organization/organization.naming.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { OrganizationLevel, OrganizationSponsor } from '../organization/organization.enums.js';

/**
 * The rules of the community committee's preliminary review (初审). Malformed input is reported
 * with `add` (BAD_USER_INPUT); broken policies with `rule` (POLICY_VIOLATION); all at once.
 */

export const today = (now = new Date()) => now.toISOString().slice(0, 10);

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

/** 失信惩戒 A person the district has blacklisted may not lead an organization. */
export async function blacklistProblem(
  em: EntityManager,
  districtId: string,
  idNumber: string,
  field: string,
): Promise<FieldProblem | null> {
  // em.execute runs inside em's transaction when em is one (getConnection() would take another connection).
  const rows = await em.execute<{ reason: string }[]>(
    `select reason from blacklisted_leader where district_id = ? and id_number = ?`,
    [districtId, idNumber.trim().toUpperCase()],
    'all',
  );
  return rows[0] ? { field, code: 'LEADER_BLACKLISTED', message: 'the leader is on the district’s blacklist (失信名单)' } : null;
}

/**
 * A name another living organization already uses: in the same community, or among the street's
 * street-level organizations. Call it inside the transaction after {@link lockName}.
 */
export async function nameTaken(
  em: EntityManager,
  place: { communityId: string | null; streetId: string },
  name: string,
  exceptId: string | null,
): Promise<boolean> {
  const [scope, id] = place.communityId
    ? ['community_id = ?', place.communityId]
    : ['community_id is null and street_id = ?', place.streetId];
  const rows = await em.execute<{ n: string }[]>(
    `select count(*) as n from organization where ${scope} and name = ? and status not in ('DISSOLVED', 'CANCELLED', 'REJECTED') and id <> ?`,
    [id, name.trim(), exceptId ?? '00000000-0000-0000-0000-000000000000'],
    'all',
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

/** Serializes the transactions that claim the same name in the same place (released at commit). */
export async function lockName(
  tx: EntityManager,
  place: { communityId: string | null; streetId: string },
  name: string,
): Promise<void> {
  await tx.execute(
    `select pg_advisory_xact_lock(hashtext(?))`,
    [`organization-name:${place.communityId ?? place.streetId}:${name.trim()}`],
    'all',
  );
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
  now = new Date(),
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
