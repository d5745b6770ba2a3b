import { connectionOf } from '@cso/platform';
import { Field, Int, ObjectType } from 'type-graphql';
import { OrganizationCategory } from '../organization/organization.enums.js';
import { FilingApplication } from './filing.entity.js';
import { FilingKind, PreliminaryDecision } from './filing.enums.js';

/** The object types a filing application shows besides the entity itself. */

@ObjectType({ description: '初审意见 The community committee’s preliminary review.' })
export class PreliminaryReview {
  @Field(() => PreliminaryDecision)
  decision!: PreliminaryDecision;

  @Field()
  opinion!: string;

  @Field(() => Date)
  reviewedAt!: Date;

  @Field(() => String, { nullable: true })
  reviewerName!: string | null;

  /** The community's review of a filing; null until reviewed. */
  static of(filing: FilingApplication): PreliminaryReview | null {
    if (!filing.communityDecision || !filing.reviewedAt) return null;
    return Object.assign(new PreliminaryReview(), {
      decision: filing.communityDecision,
      opinion: filing.communityOpinion ?? '',
      reviewedAt: filing.reviewedAt,
      reviewerName: filing.reviewerName,
    });
  }
}

const changesOf = (filing: FilingApplication) => (filing.proposal.changes ?? {}) as Record<string, string | undefined>;

@ObjectType({ description: '变更事项 What a change filing changes (fields left null stay as they are).' })
export class FilingChanges {
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

  /** The new leader's name a change filing carries (personal data: show it through the personal-data rule). */
  static newLeaderName(filing: FilingApplication): string | null {
    return changesOf(filing).leaderName ?? null;
  }

  /** What a change filing changes, with the new leader's name as the caller may see it; null for other kinds. */
  static of(filing: FilingApplication, leaderName: string | null): FilingChanges | null {
    if (filing.kind !== FilingKind.CHANGE) return null;
    const c = changesOf(filing);
    return Object.assign(new FilingChanges(), {
      name: c.name ?? null,
      category: (c.category as OrganizationCategory | undefined) ?? null,
      purpose: c.purpose ?? null,
      activityArea: c.activityArea ?? null,
      activitySchedule: c.activitySchedule ?? null,
      leaderName,
    });
  }
}

@ObjectType({ description: '成员大会表决 The member meeting that decided a dissolution.' })
export class DissolutionVote {
  @Field()
  meetingDate!: string;

  @Field(() => Int, { description: 'Members on the roster when the dissolution was submitted.' })
  memberCount!: number;

  @Field(() => Int)
  membersPresent!: number;

  @Field(() => Int)
  votesFor!: number;

  /** The vote behind a dissolution; null for other kinds. */
  static of(filing: FilingApplication): DissolutionVote | null {
    if (filing.kind !== FilingKind.DISSOLUTION) return null;
    return Object.assign(new DissolutionVote(), filing.proposal);
  }
}

export const FilingApplicationConnection = connectionOf(
  FilingApplication,
  'FilingApplication',
  'A page of filing applications, oldest submission first (a queue).',
);
export type FilingApplicationConnection = InstanceType<typeof FilingApplicationConnection>;
