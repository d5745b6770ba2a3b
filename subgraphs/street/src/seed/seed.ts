import {
  oversightPlanOf,
  reportPlanOf as seedReportPlan,
  filingPlanOf,
  generateWorld,
  type SeedLevelRound,
  type SeedReport,
} from '@cso/demo-world';
import { type SeedOptions } from '@cso/platform';
import { MonthlyReport } from '../monthly/monthly.entity.js';
import { StreetReport } from '../report/report.entity.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Certificate, CertificateSequence, Objection, StreetFiling } from '../filing/filing.entity.js';
import { type ObjectionStatus, type StreetStage } from '../filing/filing.enums.js';
import { Street } from '../street/street.entity.js';

const BATCH = 500;

/**
 * Seeds the streets of the default data set with the street's part of the seeded filings
 * (forwarded filings, notices with their objections, certificates), once: a database that has
 * streets is left alone.
 */
export async function seedStreet(em: EntityManager, { size, log }: SeedOptions): Promise<void> {
  if ((await em.count(Street)) > 0) return;
  const world = generateWorld(size);
  const plan = filingPlanOf(world);
  const forwarded = plan.filings.filter((f) => f.streetStage !== null);
  await em.transactional(async (tx) => {
    await tx.insertMany(
      Street,
      world.streets.map(({ id, districtId, name, code, branchName }) => ({ id, districtId, name, code, branchName })),
    );
    for (let i = 0; i < forwarded.length; i += BATCH) {
      await tx.insertMany(
        StreetFiling,
        forwarded.slice(i, i + BATCH).map((f) => ({
          id: f.id,
          kind: f.kind,
          organizationId: f.organization.id,
          organizationName: f.organization.name,
          category: f.organization.category,
          purpose: f.organization.purpose,
          activityArea: f.organization.activityArea,
          applicantName: f.applicantName,
          communityId: f.organization.communityId,
          streetId: f.organization.streetId,
          districtId: f.organization.districtId,
          round: f.round,
          forwardedAt: f.reviewedAt!,
          stage: f.streetStage as StreetStage,
          decision: f.streetDecision,
          opinion: f.streetOpinion,
          decidedAt: f.decidedAt,
          deciderName: f.decidedAt ? '街道分会' : null,
          noticeStartsAt: f.noticeStartsAt,
          noticeEndsAt: f.noticeEndsAt,
          completedAt: f.completedAt,
          version: f.streetVersion,
        })),
      );
    }
    const objections = forwarded.flatMap((f) =>
      f.objections.map((o) => ({ ...o, filingId: f.id, status: o.status as ObjectionStatus })),
    );
    if (objections.length) await tx.insertMany(Objection, objections);
    const placement = new Map(world.organizations.map((o) => [o.id, o]));
    for (let i = 0; i < plan.certificates.length; i += BATCH) {
      await tx.insertMany(
        Certificate,
        plan.certificates.slice(i, i + BATCH).map((c) => ({
          ...c,
          communityId: placement.get(c.organizationId)!.communityId,
          districtId: placement.get(c.organizationId)!.districtId,
        })),
      );
    }
    // The next certificate of a street and year continues after the seeded ones.
    const last = new Map<string, CertificateSequence>();
    for (const c of plan.certificates) {
      const [, year, sequence] = c.number.split('-').slice(-3);
      const key = `${c.streetId}:${year}`;
      const seq = Number(sequence);
      if ((last.get(key)?.last ?? 0) < seq)
        last.set(key, Object.assign(new CertificateSequence(), { streetId: c.streetId, year: Number(year), last: seq }));
    }
    if (last.size) await tx.insertMany(CertificateSequence, [...last.values()]);
    await seedStreetReports(tx, world);
    const monthly = oversightPlanOf(world).monthly.map(({ organization: o, ...r }) => ({
      ...r,
      organizationId: o.id,
      communityId: o.communityId,
      streetId: o.streetId,
      districtId: o.districtId,
    }));
    for (let i = 0; i < monthly.length; i += BATCH) await tx.insertMany(MonthlyReport, monthly.slice(i, i + BATCH));
  });
  log.info(
    { streets: world.streets.length, forwardedFilings: forwarded.length, certificates: plan.certificates.length },
    'street data seeded',
  );
}

/** This tier's rounds of the seeded major-activity reports (those that reached it), with its reviews. */
export async function seedStreetReports(tx: EntityManager, world: Parameters<typeof seedReportPlan>[0]): Promise<void> {
  const rows = escalatedSeedRows(seedReportPlan(world), (r) => r.street, '街道分会').map(
    ({ conditions: _conditions, ...row }) => row,
  );
  if (rows.length) await tx.insertMany(StreetReport, rows);
}

/** This tier's rows of the seeded reports (the rounds that reached it), with its reviews. */
function escalatedSeedRows(reports: SeedReport[], level: (r: SeedReport) => SeedLevelRound[], reviewerName: string) {
  return reports.flatMap((r) =>
    level(r).map((round) => ({
      reportId: r.id,
      round: round.round,
      organizationId: r.organization.id,
      communityId: r.organization.communityId!,
      streetId: r.organization.streetId,
      districtId: r.organization.districtId,
      organizationName: r.organization.name,
      title: r.title,
      plannedStart: r.plannedStart,
      receivedAt: round.receivedAt,
      dueAt: round.dueAt,
      decision: round.decision,
      opinion: round.opinion,
      reviewedAt: round.reviewedAt,
      reviewerName: round.reviewedAt ? reviewerName : null,
      conditions: round.conditions ?? null,
    })),
  );
}
