import { PoliciesUpdated, POLICY_DEFAULTS } from '@cso/contracts';
import {
  oversightPlanOf,
  reportPlanOf as seedReportPlan,
  districtCount,
  filingPlanOf,
  generateWorld,
  type SeedDistrict,
  type SeedLevelRound,
  type SeedReport,
} from '@cso/demo-world';
import { bulkLoad, clock, emitEvent, stableUuid, type SeedOptions } from '@cso/platform';
import { Award, CreditEvent, Inspection, type CreditKind, type InspectionResult } from '../oversight/oversight.entity.js';
import { DistrictReport } from '../report/report.entity.js';
import { BlacklistEntry, FiledOrganization, FilingCancellation } from '../filing/filing.entity.js';
import { DistrictPolicy } from '../policy/policy.entity.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { District } from '../district/district.entity.js';

/**
 * Seeds the districts of the default data set, once: a database that has districts is left alone.
 * The register, cancellations, blacklist, reports and oversight records go in a district at a time
 * with `COPY` (memory bounded at any size); the districts, their default policies and the events
 * announcing them last, in the entity manager's transaction, before the load commits.
 */
export async function seedDistrict(em: EntityManager, { size, log }: SeedOptions): Promise<void> {
  if ((await em.count(District)) > 0) return;
  // Elapsed time for the log (a stopwatch, not a date of the domain).
  const started = performance.now();
  const districts = districtCount(size);
  const now = clock.now();
  const totals = { districts: 0, registered: 0, inspections: 0 };
  let lastProgress = started;
  await bulkLoad(em, async (db) => {
    const seeded: SeedDistrict[] = [];
    for (let d = 0; d < districts; d++) {
      const world = generateWorld(size, d);
      seeded.push(...world.districts);
      // The register of organizations ever filed, with the district's cancellations and blacklist.
      const plan = filingPlanOf(world, now);
      const certified = new Map(plan.certificates.map((c) => [c.organizationId, c]));
      const statusOf = { FILED: 'FILED', DISSOLVING: 'FILED', DISSOLVED: 'DISSOLVED', CANCELLED: 'CANCELLED' } as Record<
        string,
        string
      >;
      totals.registered += await db.copyEntities(
        FiledOrganization,
        world.organizations
          .filter((o) => certified.has(o.id) && statusOf[o.status])
          .map((o) => ({
            organizationId: o.id,
            districtId: o.districtId,
            streetId: o.streetId,
            communityId: o.communityId,
            name: o.name,
            status: statusOf[o.status]!,
            asOf: certified.get(o.id)!.voidedAt ?? certified.get(o.id)!.issuedAt,
          })),
      );
      await db.copyEntities(
        FilingCancellation,
        plan.cancellations.map((c) => ({
          id: c.id,
          organizationId: c.organizationId,
          districtId: c.districtId,
          reason: c.reason,
          cancelledAt: c.cancelledAt,
          cancelledByName: '区协会',
        })),
      );
      await db.copyEntities(
        BlacklistEntry,
        plan.blacklist.map((b) => ({
          id: stableUuid(`blacklist:${b.districtId}:${b.idNumber}`),
          districtId: b.districtId,
          idNumber: b.idNumber,
          name: b.name,
          reason: b.reason,
          listedAt: b.at,
          listedByName: '区协会',
        })),
      );
      await db.copyEntities(
        DistrictReport,
        escalatedSeedRows(seedReportPlan(world, now), (r) => r.district, '区协会'),
      );
      const oversight = oversightPlanOf(world, now);
      totals.inspections += await db.copyEntities(
        Inspection,
        oversight.inspections.map(({ organization: o, ...r }) => ({
          ...r,
          result: r.result as InspectionResult,
          inspectorName: '区协会',
          organizationId: o.id,
          districtId: o.districtId,
          streetId: o.streetId,
          communityId: o.communityId,
        })),
      );
      await db.copyEntities(
        CreditEvent,
        oversight.credit.map(({ organization: o, ...r }) => ({
          ...r,
          kind: r.kind as CreditKind,
          organizationId: o.id,
          districtId: o.districtId,
        })),
      );
      await db.copyEntities(
        Award,
        oversight.awards.map(({ organization: o, ...r }) => ({ ...r, organizationId: o.id, districtId: o.districtId })),
      );
      if (performance.now() - lastProgress > 5000 || d === districts - 1) {
        lastProgress = performance.now();
        log.info(
          { tier: 'district', ...totals, progress: `${d + 1}/${districts} districts`, ms: Math.round(lastProgress - started) },
          'seeding',
        );
      }
    }
    await db.query('analyze');
    // Each district starts with the default policies, announced to the other tiers like any change.
    await em.transactional(async (tx) => {
      await tx.insertMany(
        District,
        seeded.map(({ id, name, associationName }) => ({ id, name, associationName })),
      );
      for (const { id } of seeded) {
        tx.persist(Object.assign(new DistrictPolicy(), { districtId: id, values: POLICY_DEFAULTS, revision: 1 }));
        emitEvent(tx, PoliciesUpdated, { districtId: id, values: POLICY_DEFAULTS, revision: 1 });
      }
    });
    totals.districts = seeded.length;
  });
  log.info({ ...totals, ms: Math.round(performance.now() - started) }, 'district data seeded');
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
