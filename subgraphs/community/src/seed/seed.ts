import { filingPlanOf, generateWorld, oversightPlanOf, reportPlanOf, membersOf } from '@cso/demo-world';
import { stableUuid, type SeedOptions } from '@cso/platform';
import { BlacklistedLeader, FilingApplication, FilingStep } from '../filing/filing.entity.js';
import type { FilingKind, FilingStatus, PreliminaryDecision } from '../filing/filing.enums.js';
import { MajorActivityReport, ReportStep } from '../report/report.entity.js';
import { SatisfactionRating, type EvaluatorGroup } from '../satisfaction/satisfaction.entity.js';
import type { ActivityKind, ReportLevel, ReportStatus, ReviewDecision } from '../report/report.enums.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Community } from '../community/community.entity.js';
import { Member } from '../member/member.entity.js';
import type { Gender, MemberRole } from '../member/member.enums.js';
import { Organization } from '../organization/organization.entity.js';
import type {
  OrganizationCategory,
  OrganizationLevel,
  OrganizationSponsor,
  OrganizationStatus,
} from '../organization/organization.enums.js';

const BATCH = 5000;

/**
 * Seeds the communities, organizations and rosters of the default data set in one transaction,
 * with multi-row inserts; a database that has communities is left alone (idempotent start).
 */
export async function seedCommunity(em: EntityManager, { size, log }: SeedOptions): Promise<void> {
  if ((await em.count(Community)) > 0) return;
  // Elapsed time for the log (a stopwatch, not a date of the domain).
  const started = performance.now();
  const world = generateWorld(size);
  let members = 0;
  await em.transactional(async (tx) => {
    await tx.insertMany(
      Community,
      world.communities.map(({ id, streetId, districtId, name, committeeName }) => ({
        id,
        streetId,
        districtId,
        name,
        committeeName,
      })),
    );
    for (let i = 0; i < world.organizations.length; i += BATCH / 10) {
      const slice = world.organizations.slice(i, i + BATCH / 10);
      await tx.insertMany(
        Organization,
        slice.map((o) => ({
          id: o.id,
          name: o.name,
          category: o.category as OrganizationCategory,
          level: o.level as OrganizationLevel,
          sponsor: o.sponsor as OrganizationSponsor,
          status: o.status as OrganizationStatus,
          purpose: o.purpose,
          activityArea: o.activityArea,
          activitySchedule: o.activitySchedule,
          foundedOn: o.foundedOn,
          hasPartyStation: o.hasPartyStation,
          community: o.communityId,
          streetId: o.streetId,
          districtId: o.districtId,
        })),
      );
      let roster: Member[] = [];
      for (const o of slice) {
        for (const m of membersOf(o)) {
          roster.push(
            Object.assign(new Member(), {
              ...m,
              organization: m.organizationId,
              gender: m.gender as Gender,
              role: m.role as MemberRole,
            }),
          );
          if (roster.length >= BATCH) {
            await tx.insertMany(Member, roster);
            members += roster.length;
            roster = [];
          }
        }
      }
      if (roster.length) {
        await tx.insertMany(Member, roster);
        members += roster.length;
      }
    }
    await seedFilings(tx, world);
    await seedReports(tx, world);
    await seedSatisfaction(tx, world);
  });
  log.info(
    {
      communities: world.communities.length,
      organizations: world.organizations.length,
      members,
      ms: Math.round(performance.now() - started),
    },
    'community data seeded',
  );
}

/** The filings of the seeded organizations (their history to date) and the district's blacklist as this tier received it. */
async function seedFilings(tx: EntityManager, world: ReturnType<typeof generateWorld>): Promise<void> {
  const plan = filingPlanOf(world);
  for (let i = 0; i < plan.filings.length; i += BATCH / 10) {
    const slice = plan.filings.slice(i, i + BATCH / 10);
    await tx.insertMany(
      FilingApplication,
      slice.map((f) => ({
        id: f.id,
        kind: f.kind as FilingKind,
        status: f.status as FilingStatus,
        organizationId: f.organization.id,
        communityId: f.organization.communityId,
        streetId: f.organization.streetId,
        districtId: f.organization.districtId,
        round: f.round,
        applicantName: f.applicantName,
        applicantPhone: f.applicantPhone,
        submittedAt: f.submittedAt,
        proposal: f.proposal,
        communityDecision: f.communityDecision as PreliminaryDecision | null,
        communityOpinion: f.communityOpinion,
        reviewedAt: f.reviewedAt,
        reviewerName: f.reviewedAt ? '社区指导委员会' : null,
        partyStationRequired:
          f.communityDecision === 'FORWARD' && f.organization.partyMemberCount >= 3 && !f.organization.hasPartyStation,
        streetVersion: f.streetVersion,
        updatedAt: f.steps[f.steps.length - 1]!.at,
      })),
    );
    await tx.insertMany(
      FilingStep,
      slice.flatMap((f) => f.steps.map((s, n) => ({ id: stableUuid(`filing-step:${f.id}:${n}`), filingId: f.id, ...s }))),
    );
  }
  if (plan.blacklist.length)
    await tx.insertMany(
      BlacklistedLeader,
      plan.blacklist.map((b) => ({
        districtId: b.districtId,
        idNumber: b.idNumber,
        name: b.name,
        reason: b.reason,
        blacklistedAt: b.at,
      })),
    );
}

/** The seeded major-activity reports: every level and status in every street, some overdue. */
async function seedReports(tx: EntityManager, world: ReturnType<typeof generateWorld>): Promise<void> {
  const reports = reportPlanOf(world);
  if (!reports.length) return;
  await tx.insertMany(
    MajorActivityReport,
    reports.map((r) => ({
      id: r.id,
      organizationId: r.organization.id,
      communityId: r.organization.communityId!,
      streetId: r.organization.streetId,
      districtId: r.organization.districtId,
      title: r.title,
      description: r.description,
      kind: r.kind as ActivityKind,
      plannedStart: r.plannedStart,
      plannedEnd: r.plannedEnd,
      location: r.location,
      expectedParticipants: r.expectedParticipants,
      safetyMeasures: r.safetyMeasures,
      contactName: r.contactName,
      contactPhone: r.contactPhone,
      status: r.status as ReportStatus,
      currentLevel: r.currentLevel as ReportLevel,
      round: r.round,
      submittedAt: r.submittedAt,
      levelSince: r.levelSince,
      levelDueAt: r.levelDueAt,
      reachedStreetAt: r.reachedStreetAt,
      reachedDistrictAt: r.reachedDistrictAt,
      communityDecision: r.communityDecision as ReviewDecision | null,
      communityOpinion: r.communityOpinion,
      communityReviewedAt: r.communityReviewedAt,
      communityReviewerName: r.communityReviewedAt ? '社区指导委员会' : null,
      eventRound: r.eventRound,
      eventLevel: r.eventLevel,
    })),
  );
  await tx.insertMany(
    ReportStep,
    reports.flatMap((r) => r.steps.map((s, n) => ({ id: stableUuid(`report-step:${r.id}:${n}`), reportId: r.id, ...s }))),
  );
}

/** Last year's satisfaction evaluations of the filed organizations. */
async function seedSatisfaction(tx: EntityManager, world: ReturnType<typeof generateWorld>): Promise<void> {
  const rows = oversightPlanOf(world).satisfaction.map(({ organization: o, ...r }) => ({
    ...r,
    evaluatorGroup: r.evaluatorGroup as EvaluatorGroup,
    organizationId: o.id,
    communityId: o.communityId!,
    streetId: o.streetId,
    districtId: o.districtId,
  }));
  for (let i = 0; i < rows.length; i += BATCH) await tx.insertMany(SatisfactionRating, rows.slice(i, i + BATCH));
}
