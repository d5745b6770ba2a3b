import type { FilingKind, StreetStage } from '@cso/contracts';
import { clock, DAY_MS as DAY, HOUR_MS as HOUR, localYear, stableUuid, startOfLocalDay } from '@cso/platform';
import { ACTIVITY_SCHEDULES, GIVEN_CHARS, SURNAMES } from './names.js';
import { between, membersOf, pick, random, seedOf, type SeedOrganization, type SeedWorld } from './generator.js';

/**
 * The filing history of the seeded world, derived from the organizations' statuses so that the
 * three tiers, seeded separately, agree: every FILED organization has its completed filing and
 * certificate, and each tier's queue has work waiting right after start (DESIGN §6).
 */

export type SeedFilingStatus = 'SUBMITTED' | 'RETURNED' | 'FORWARDED' | 'REJECTED' | 'PUBLIC_NOTICE' | 'COMPLETED' | 'CANCELLED';

export interface SeedStep {
  tier: 'community' | 'street' | 'district';
  action: string;
  actorName: string;
  at: Date;
  opinion: string | null;
}

export interface SeedObjection {
  id: string;
  content: string;
  contactName: string;
  contactPhone: string;
  lodgedAt: Date;
  status: 'PENDING' | 'UPHELD' | 'DISMISSED';
  resolution: string | null;
  resolvedAt: Date | null;
}

export interface SeedFiling {
  id: string;
  kind: FilingKind;
  organization: SeedOrganization;
  status: SeedFilingStatus;
  round: number;
  applicantName: string;
  applicantPhone: string;
  submittedAt: Date;
  /** Kind-specific content: the charter (NEW), the changes (CHANGE), the member-meeting vote (DISSOLUTION). */
  proposal: Record<string, unknown>;
  communityDecision: 'FORWARD' | 'RETURN' | 'REJECT' | null;
  communityOpinion: string | null;
  reviewedAt: Date | null;
  /** Null until forwarded. */
  streetStage: StreetStage | null;
  streetVersion: number;
  streetDecision: 'APPROVE' | 'REJECT' | null;
  streetOpinion: string | null;
  decidedAt: Date | null;
  noticeStartsAt: Date | null;
  noticeEndsAt: Date | null;
  completedAt: Date | null;
  objections: SeedObjection[];
  steps: SeedStep[];
}

export interface SeedCertificate {
  id: string;
  organizationId: string;
  streetId: string;
  filingId: string;
  number: string;
  issuedAt: Date;
  voidedAt: Date | null;
  voidReason: string | null;
}

export interface SeedCancellation {
  id: string;
  organizationId: string;
  districtId: string;
  streetId: string;
  reason: string;
  cancelledAt: Date;
}

export interface SeedBlacklisting {
  districtId: string;
  idNumber: string;
  name: string;
  reason: string;
  at: Date;
}

export interface SeedFilingPlan {
  filings: SeedFiling[];
  certificates: SeedCertificate[];
  cancellations: SeedCancellation[];
  /** The leaders of cancelled organizations are on the district's blacklist. */
  blacklist: SeedBlacklisting[];
}

const COMMUNITY_OFFICER = '社区指导委员会';
const STREET_OFFICER = '街道分会';

/** Dates of waiting work are counted back from the start of today (in Beijing), the same in every tier. */
export function seedDay(now = clock.now()): Date {
  return startOfLocalDay(now);
}

/**
 * Certificate numbers are facts of the story, as the street branch issued them ({street code}-{year}-{sequence});
 * the street tier applies its own numbering to every certificate it issues from now on.
 */
const at = (base: Date, days: number, hour = 9) => new Date(base.getTime() + days * DAY + hour * HOUR);
/** `hours` after `base` (steps of waiting work stay in the past: they are placed days before today). */
const after = (base: Date, hours: number) => new Date(base.getTime() + hours * HOUR);
const personName = (rng: () => number) =>
  `${pick(rng, SURNAMES)}${pick(rng, GIVEN_CHARS)}${rng() < 0.6 ? pick(rng, GIVEN_CHARS) : ''}`;
const phone = (rng: () => number) => `139${String(between(rng, 0, 99_999_999)).padStart(8, '0')}`;

function charterOf(org: SeedOrganization): string {
  return `${org.name}章程:本组织宗旨为${org.purpose}。活动区域为${org.activityArea},活动时间为${org.activitySchedule}。成员自愿加入,遵守国家法律法规和社区公约。`;
}

/** Builds a filing and its steps, advancing through the stages named by `to`. */
class FilingBuilder {
  readonly filing: SeedFiling;
  constructor(
    org: SeedOrganization,
    kind: FilingKind,
    sequence: number,
    submittedAt: Date,
    rng: () => number,
    proposal: Record<string, unknown>,
  ) {
    const applicantName = personName(rng);
    this.filing = {
      id: stableUuid(`filing:${org.key}:${sequence}`),
      kind,
      organization: org,
      status: 'SUBMITTED',
      round: 1,
      applicantName,
      applicantPhone: phone(rng),
      submittedAt,
      proposal,
      communityDecision: null,
      communityOpinion: null,
      reviewedAt: null,
      streetStage: null,
      streetVersion: 0,
      streetDecision: null,
      streetOpinion: null,
      decidedAt: null,
      noticeStartsAt: null,
      noticeEndsAt: null,
      completedAt: null,
      objections: [],
      steps: [{ tier: 'community', action: 'SUBMITTED', actorName: COMMUNITY_OFFICER, at: submittedAt, opinion: null }],
    };
  }

  private step(tier: SeedStep['tier'], action: string, when: Date, opinion: string | null) {
    this.filing.steps.push({
      tier,
      action,
      actorName: tier === 'street' ? STREET_OFFICER : COMMUNITY_OFFICER,
      at: when,
      opinion,
    });
  }

  returned(when: Date) {
    Object.assign(this.filing, {
      status: 'RETURNED',
      communityDecision: 'RETURN',
      communityOpinion: '章程中活动时间与申请表不一致,请更正后重新提交',
      reviewedAt: when,
    });
    this.step('community', 'RETURNED', when, this.filing.communityOpinion);
    return this;
  }

  rejectedByCommunity(when: Date) {
    Object.assign(this.filing, {
      status: 'REJECTED',
      communityDecision: 'REJECT',
      communityOpinion: '活动内容与社区公益性质不符',
      reviewedAt: when,
    });
    this.step('community', 'REJECTED', when, this.filing.communityOpinion);
    return this;
  }

  forwarded(when: Date) {
    Object.assign(this.filing, {
      status: 'FORWARDED',
      communityDecision: 'FORWARD',
      communityOpinion: '材料齐全,同意报街道分会',
      reviewedAt: when,
      streetStage: 'PENDING',
    });
    this.step('community', 'FORWARDED', when, this.filing.communityOpinion);
    return this;
  }

  rejectedByStreet(when: Date) {
    Object.assign(this.filing, {
      status: 'REJECTED',
      streetStage: 'REJECTED',
      streetDecision: 'REJECT',
      streetOpinion: '同类组织已在本街道备案,建议合并',
      decidedAt: when,
    });
    this.filing.streetVersion += 1;
    this.step('street', 'REJECTED', when, this.filing.streetOpinion);
    return this;
  }

  approved(when: Date, noticeDays = 7) {
    Object.assign(this.filing, {
      status: 'PUBLIC_NOTICE',
      streetStage: 'NOTICE',
      streetDecision: 'APPROVE',
      streetOpinion: '同意,予以公示',
      decidedAt: when,
      noticeStartsAt: when,
      noticeEndsAt: new Date(when.getTime() + noticeDays * DAY),
    });
    this.filing.streetVersion += 1;
    this.step('street', 'NOTICE_OPENED', when, this.filing.streetOpinion);
    return this;
  }

  completed(when: Date, certificate: string | null) {
    Object.assign(this.filing, { status: 'COMPLETED', streetStage: 'COMPLETED', completedAt: when });
    this.filing.streetVersion += 1;
    this.step('street', 'COMPLETED', when, certificate ? `备案证书 ${certificate}` : '公示期满,注销完成');
    return this;
  }

  objection(rng: () => number, status: SeedObjection['status'], when: Date) {
    const f = this.filing;
    f.objections.push({
      id: stableUuid(`objection:${f.id}:${f.objections.length}`),
      content: status === 'DISMISSED' ? '担心活动噪音影响休息' : '该组织负责人曾有不良记录,请核实',
      contactName: personName(rng),
      contactPhone: phone(rng),
      lodgedAt: when,
      status,
      resolution: status === 'DISMISSED' ? '经核实,活动时间安排在白天,噪音可控,异议不成立' : null,
      resolvedAt: status === 'DISMISSED' ? after(when, 2) : null,
    });
    return this;
  }
}

/**
 * The filings of the seeded world. `now` only places the dates of waiting work (so that running
 * notices end in the future); ids, numbers and stages depend on the world alone.
 */
export function filingPlanOf(world: SeedWorld, now = clock.now()): SeedFilingPlan {
  const day = seedDay(now);
  const filings: SeedFiling[] = [];
  const certificates: SeedCertificate[] = [];
  const cancellations: SeedCancellation[] = [];
  const streetCode = new Map(world.streets.map((s) => [s.id, s.code]));
  const sequences = new Map<string, number>();
  const issue = (org: SeedOrganization, filingId: string, issuedAt: Date): SeedCertificate => {
    const year = localYear(issuedAt);
    const key = `${org.streetId}:${year}`;
    const sequence = (sequences.get(key) ?? 0) + 1;
    sequences.set(key, sequence);
    const certificate: SeedCertificate = {
      id: stableUuid(`certificate:${org.key}`),
      organizationId: org.id,
      streetId: org.streetId,
      filingId,
      number: `${streetCode.get(org.streetId)!}-${year}-${String(sequence).padStart(4, '0')}`,
      issuedAt,
      voidedAt: null,
      voidReason: null,
    };
    certificates.push(certificate);
    return certificate;
  };
  const perStreet = new Map<string, number>();
  const nextOf = (key: string) => {
    const n = perStreet.get(key) ?? 0;
    perStreet.set(key, n + 1);
    return n;
  };

  /** NEW filing of an organization that was filed, with its certificate. */
  const filedHistory = (org: SeedOrganization, rng: () => number) => {
    const founded = new Date(`${org.foundedOn}T00:00:00Z`);
    const b = new FilingBuilder(org, 'NEW', 0, at(founded, 1), rng, { charter: charterOf(org) });
    b.forwarded(at(founded, 3)).approved(at(founded, 6, 10));
    const issuedAt = at(founded, 13, 10);
    const certificate = issue(org, b.filing.id, issuedAt);
    b.completed(issuedAt, certificate.number);
    filings.push(b.filing);
    return certificate;
  };

  const filedByCommunity = new Map<string, SeedOrganization[]>();
  for (const org of world.organizations) {
    const rng = random(seedOf(`filing:${org.key}`));
    const founded = new Date(`${org.foundedOn}T00:00:00Z`);
    const recent = (maxDays: number) => at(day, -between(rng, 1, maxDays));
    switch (org.status) {
      case 'FILED': {
        filedHistory(org, rng);
        if (org.communityId) filedByCommunity.set(org.communityId, [...(filedByCommunity.get(org.communityId) ?? []), org]);
        break;
      }
      case 'APPLYING': {
        // Per street, in turn: waiting for the community, waiting for the street, returned for correction.
        const turn = ['FORWARDED', 'SUBMITTED', 'FORWARDED', 'SUBMITTED', 'RETURNED'][nextOf(`applying:${org.streetId}`) % 5];
        const b = new FilingBuilder(org, 'NEW', 0, recent(12), rng, { charter: charterOf(org) });
        if (turn === 'FORWARDED') b.forwarded(after(b.filing.submittedAt, 6));
        if (turn === 'RETURNED') b.returned(after(b.filing.submittedAt, 6));
        filings.push(b.filing);
        break;
      }
      case 'PUBLIC_NOTICE': {
        const started = at(day, -between(rng, 1, 5), 10);
        const b = new FilingBuilder(org, 'NEW', 0, at(started, -4), rng, { charter: charterOf(org) });
        b.forwarded(at(started, -2)).approved(started);
        // In turn across the district: an objection waiting for the street, none, one dismissed.
        const turn = nextOf('notice') % 3;
        if (turn === 0) b.objection(rng, 'PENDING', after(started, 3));
        if (turn === 2) b.objection(rng, 'DISMISSED', after(started, 3));
        filings.push(b.filing);
        break;
      }
      case 'DISSOLVING':
      case 'DISSOLVED': {
        const certificate = filedHistory(org, rng);
        const vote = {
          reason: '成员年龄偏大,难以继续开展活动',
          meetingDate: '',
          memberCount: org.memberCount,
          membersPresent: org.memberCount,
          votesFor: org.memberCount - 1,
        };
        const dissolved = org.status === 'DISSOLVED';
        const turn = dissolved ? 3 : nextOf(`dissolving:${org.streetId}`) % 3;
        // Waiting at the community, at the street, or on a notice that ends in a few days.
        const submittedAt = dissolved ? at(day, -between(rng, 60, 400)) : turn === 2 ? at(day, -between(rng, 3, 5)) : recent(10);
        vote.meetingDate = at(submittedAt, -3).toISOString().slice(0, 10);
        const b = new FilingBuilder(org, 'DISSOLUTION', 1, submittedAt, rng, vote);
        if (turn >= 1) b.forwarded(after(submittedAt, 6));
        if (turn === 2) b.approved(after(b.filing.reviewedAt!, 20));
        if (turn === 3) {
          b.approved(at(submittedAt, 3, 10));
          const doneAt = at(submittedAt, 10, 10);
          b.completed(doneAt, null);
          Object.assign(certificate, { voidedAt: doneAt, voidReason: '组织注销' });
        }
        filings.push(b.filing);
        break;
      }
      case 'CANCELLED': {
        const certificate = filedHistory(org, rng);
        const cancelledAt = at(day, -between(rng, 30, 300), 11);
        const reason = '长期不开展活动且未按要求整改,取消备案资格';
        Object.assign(certificate, { voidedAt: cancelledAt, voidReason: `取消备案资格:${reason}` });
        cancellations.push({
          id: stableUuid(`cancellation:${org.key}`),
          organizationId: org.id,
          districtId: org.districtId,
          streetId: org.streetId,
          reason,
          cancelledAt,
        });
        break;
      }
      case 'REJECTED': {
        const b = new FilingBuilder(org, 'NEW', 0, at(founded, 1), rng, { charter: charterOf(org) });
        if (nextOf(`rejected:${org.streetId}`) % 2 === 0) b.rejectedByCommunity(at(founded, 3));
        else b.forwarded(at(founded, 3)).rejectedByStreet(at(founded, 6));
        filings.push(b.filing);
        break;
      }
    }
  }

  // Change filings: in every community with enough filed organizations, one waits for the
  // committee's preliminary review and one for the street's decision.
  for (const orgs of filedByCommunity.values()) {
    if (orgs.length < 3) continue;
    const changes: [SeedOrganization, boolean][] = [
      [orgs[orgs.length - 1]!, false],
      [orgs[orgs.length - 2]!, true],
    ];
    for (const [org, forwarded] of changes) {
      const rng = random(seedOf(`change:${org.key}`));
      const schedule = ACTIVITY_SCHEDULES.find((s) => s !== org.activitySchedule)!;
      const b = new FilingBuilder(org, 'CHANGE', 1, at(day, -between(rng, 1, 6)), rng, {
        changes: { activitySchedule: schedule },
        reason: '活动时间调整',
      });
      if (forwarded) b.forwarded(after(b.filing.submittedAt, 6));
      filings.push(b.filing);
    }
  }
  const byId = new Map(world.organizations.map((o) => [o.id, o]));
  const blacklist = cancellations.map((c) => {
    const org = byId.get(c.organizationId)!;
    const leader = membersOf(org)[0]!;
    return {
      districtId: c.districtId,
      idNumber: leader.idNumber,
      name: leader.name,
      reason: `所负责组织被取消备案资格:${c.reason}`,
      at: c.cancelledAt,
    };
  });
  return { filings, certificates, cancellations, blacklist };
}
