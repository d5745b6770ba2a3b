import {
  oversightPlanOf,
  reportPlanOf as seedReportPlan,
  districtCount,
  filingPlanOf,
  generateWorld,
  type SeedLevelRound,
  type SeedReport,
} from '@cso/demo-world';
import { bulkLoad, clock, type SeedOptions } from '@cso/platform';
import { MonthlyReport } from '../monthly/monthly.entity.js';
import { StreetReport } from '../report/report.entity.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Certificate, CertificateSequence, Objection, StreetFiling } from '../filing/filing.entity.js';
import { type ObjectionStatus, type StreetStage } from '../filing/filing.enums.js';
import { Street } from '../street/street.entity.js';

/**
 * Seeds the streets of the default data set with the street's part of the seeded filings
 * (forwarded filings, notices with their objections, certificates), reports and monthly reports,
 * once: a database that has streets is left alone. A district at a time with `COPY`, in one
 * transaction (memory bounded at any size).
 */
export async function seedStreet(em: EntityManager, { size, log }: SeedOptions): Promise<void> {
  if ((await em.count(Street)) > 0) return;
  // Elapsed time for the log (a stopwatch, not a date of the domain).
  const started = performance.now();
  const districts = districtCount(size);
  const now = clock.now();
  const totals = { streets: 0, forwardedFilings: 0, certificates: 0, monthlyReports: 0 };
  let lastProgress = started;
  await bulkLoad(em, async (db) => {
    for (let d = 0; d < districts; d++) {
      const world = generateWorld(size, d);
      const plan = filingPlanOf(world, now);
      const forwarded = plan.filings.filter((f) => f.streetStage !== null);
      totals.streets += await db.copyEntities(
        Street,
        world.streets.map(({ id, districtId, name, code, branchName }) => ({ id, districtId, name, code, branchName })),
      );
      totals.forwardedFilings += await db.copyEntities(
        StreetFiling,
        forwarded.map((f) => ({
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
      await db.copyEntities(
        Objection,
        forwarded.flatMap((f) => f.objections.map((o) => ({ ...o, filingId: f.id, status: o.status as ObjectionStatus }))),
      );
      const placement = new Map(world.organizations.map((o) => [o.id, o]));
      totals.certificates += await db.copyEntities(
        Certificate,
        plan.certificates.map((c) => ({
          ...c,
          communityId: placement.get(c.organizationId)!.communityId,
          districtId: placement.get(c.organizationId)!.districtId,
        })),
      );
      // The next certificate of a street and year continues after the seeded ones.
      const last = new Map<string, { streetId: string; year: number; last: number }>();
      for (const c of plan.certificates) {
        const [, year, sequence] = c.number.split('-').slice(-3);
        const key = `${c.streetId}:${year}`;
        const seq = Number(sequence);
        if ((last.get(key)?.last ?? 0) < seq) last.set(key, { streetId: c.streetId, year: Number(year), last: seq });
      }
      await db.copyEntities(CertificateSequence, [...last.values()]);
      await db.copyEntities(StreetReport, streetReportRows(world, now));
      totals.monthlyReports += await db.copyEntities(
        MonthlyReport,
        oversightPlanOf(world, now).monthly.map(({ organization: o, ...r }) => ({
          ...r,
          organizationId: o.id,
          communityId: o.communityId,
          streetId: o.streetId,
          districtId: o.districtId,
        })),
      );
      if (performance.now() - lastProgress > 5000 || d === districts - 1) {
        lastProgress = performance.now();
        log.info(
          { tier: 'street', ...totals, progress: `${d + 1}/${districts} districts`, ms: Math.round(lastProgress - started) },
          'seeding',
        );
      }
    }
    await db.query('analyze');
  });
  log.info({ ...totals, ms: Math.round(performance.now() - started) }, 'street data seeded');
}

/** This tier's rounds of the seeded major-activity reports (those that reached it), with its reviews. */
export function streetReportRows(world: Parameters<typeof seedReportPlan>[0], now: Date) {
  return escalatedSeedRows(seedReportPlan(world, now), (r) => r.street, '街道分会').map(
    ({ conditions: _conditions, ...row }) => row,
  );
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
