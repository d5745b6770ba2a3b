import {
  districtCount,
  filingPlanOf,
  generateWorld,
  membersOf,
  oversightPlanOf,
  reportPlanOf,
  type SeedWorld,
} from '@cso/demo-world';
import { bulkLoad, clock, stableUuid, type BulkLoader, type SeedOptions } from '@cso/platform';
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

/**
 * Seeds the communities, organizations and rosters of the default data set, a district at a time
 * (generate, write, drop: memory stays bounded at any size) with `COPY` in one transaction; the
 * member table's indexes are built once after its rows are in. A database that has communities is
 * left alone (idempotent start).
 */
export async function seedCommunity(em: EntityManager, { size, log }: SeedOptions): Promise<void> {
  if ((await em.count(Community)) > 0) return;
  // Elapsed time for the log (a stopwatch, not a date of the domain).
  const started = performance.now();
  const districts = districtCount(size);
  const now = clock.now();
  const totals = { communities: 0, organizations: 0, members: 0 };
  let lastProgress = started;
  await bulkLoad(em, async (db) => {
    const rebuildMemberIndexes = await db.withoutIndexes('member');
    for (let d = 0; d < districts; d++) {
      const world = generateWorld(size, d);
      totals.communities += await db.copyEntities(
        Community,
        world.communities.map(({ id, streetId, districtId, name, committeeName }) => ({
          id,
          streetId,
          districtId,
          name,
          committeeName,
        })),
      );
      totals.organizations += await db.copyEntities(
        Organization,
        world.organizations.map((o) => ({
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
          // The roster below, counted in the row (membersOf gives exactly these numbers).
          memberCount: o.memberCount,
          partyMemberCount: o.partyMemberCount,
          community: o.communityId,
          streetId: o.streetId,
          districtId: o.districtId,
        })),
      );
      totals.members += await db.copyEntities(Member, rosterOf(world));
      await seedFilings(db, world, now);
      await seedReports(db, world, now);
      await seedSatisfaction(db, world, now);
      if (performance.now() - lastProgress > 5000 || d === districts - 1) {
        lastProgress = performance.now();
        log.info(
          { tier: 'community', ...totals, progress: `${d + 1}/${districts} districts`, ms: Math.round(lastProgress - started) },
          'seeding',
        );
      }
    }
    await rebuildMemberIndexes();
    await db.query('analyze');
  });
  log.info({ ...totals, ms: Math.round(performance.now() - started) }, 'community data seeded');
}

/** The members of a slice's organizations, generated as they are written. */
function* rosterOf(world: SeedWorld): Generator<Partial<Member>> {
  for (const o of world.organizations)
    for (const m of membersOf(o))
      yield {
        id: m.id,
        organization: m.organizationId,
        name: m.name,
        gender: m.gender as Gender,
        birthDate: m.birthDate,
        idNumber: m.idNumber,
        phone: m.phone,
        isPartyMember: m.isPartyMember,
        role: m.role as MemberRole,
        joinedOn: m.joinedOn,
      };
}

/** The filings of the seeded organizations (their history to date) and the district's blacklist as this tier received it. */
async function seedFilings(db: BulkLoader, world: SeedWorld, now: Date): Promise<void> {
  const plan = filingPlanOf(world, now);
  await db.copyEntities(
    FilingApplication,
    plan.filings.map((f) => ({
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
  await db.copyEntities(
    FilingStep,
    plan.filings.flatMap((f) => f.steps.map((s, n) => ({ id: stableUuid(`filing-step:${f.id}:${n}`), filingId: f.id, ...s }))),
  );
  if (plan.blacklist.length)
    await db.copyEntities(
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
async function seedReports(db: BulkLoader, world: SeedWorld, now: Date): Promise<void> {
  const reports = reportPlanOf(world, now);
  if (!reports.length) return;
  await db.copyEntities(
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
  await db.copyEntities(
    ReportStep,
    reports.flatMap((r) => r.steps.map((s, n) => ({ id: stableUuid(`report-step:${r.id}:${n}`), reportId: r.id, ...s }))),
  );
}

/** Last year's satisfaction evaluations of the filed organizations. */
async function seedSatisfaction(db: BulkLoader, world: SeedWorld, now: Date): Promise<void> {
  const rows = oversightPlanOf(world, now).satisfaction.map(({ organization: o, ...r }) => ({
    ...r,
    evaluatorGroup: r.evaluatorGroup as EvaluatorGroup,
    organizationId: o.id,
    communityId: o.communityId!,
    streetId: o.streetId,
    districtId: o.districtId,
  }));
  await db.copyEntities(SatisfactionRating, rows);
}
