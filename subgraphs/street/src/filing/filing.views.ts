import { connectionOf } from '@cso/platform';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { StreetFiling } from './filing.entity.js';
import { StreetDecision, StreetStage } from './filing.enums.js';
import { noticeIsOpen } from './filing.policy.js';

@ObjectType({ description: '街道审核 The street branch’s part of a filing: its queue entry and its decision.' })
export class StreetReview {
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

  static of(filing: StreetFiling): StreetReview {
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
}

@ObjectType({
  description: '公示 A public notice of a filing approved by a street branch: readable by anyone, without signing in.',
})
export class PublicNotice {
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

  /** The notice of an approved filing, as it stands at `now` (the clock's time). */
  static of(filing: StreetFiling, now: Date): PublicNotice {
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
      isOpen: noticeIsOpen(filing, now),
      stage: filing.stage,
    });
  }
}

export const ForwardedFilingConnection = connectionOf(
  StreetFiling,
  'ForwardedFiling',
  'A page of filings forwarded to the street, oldest first (a queue).',
);
export const PublicNoticeConnection = connectionOf(
  PublicNotice,
  'PublicNotice',
  'A page of public notices, ending soonest first.',
);
