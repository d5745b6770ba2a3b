import { PoliciesUpdated, POLICY_DEFAULTS } from '@cso/contracts';
import {
  oversightPlanOf,
  reportPlanOf as seedReportPlan,
  filingPlanOf,
  generateWorld,
  type SeedLevelRound,
  type SeedReport,
} from '@cso/demo-world';
import { emitEvent, stableUuid, type SeedOptions } from '@cso/platform';
import { Award, CreditEvent, Inspection, type CreditKind, type InspectionResult } from '../oversight/oversight.entity.js';
import { DistrictReport } from '../report/report.entity.js';
import { BlacklistEntry, FiledOrganization, FilingCancellation } from '../filing/filing.entity.js';
import { DistrictPolicy } from '../policy/policy.entity.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { District } from '../district/district.entity.js';

/** Seeds the districts of the default data set, once: a database that has districts is left alone. */
export async function seedDistrict(em: EntityManager, { size, log }: SeedOptions): Promise<void> {
  if ((await em.count(District)) > 0) return;
  const world = generateWorld(size);
  await em.transactional(async (tx) => {
    await tx.insertMany(
      District,
      world.districts.map(({ id, name, associationName }) => ({ id, name, associationName })),
    );
    // Each district starts with the default policies, announced to the other tiers like any change.
    for (const { id } of world.districts) {
      tx.persist(Object.assign(new DistrictPolicy(), { districtId: id, values: POLICY_DEFAULTS, revision: 1 }));
      emitEvent(tx, PoliciesUpdated, { districtId: id, values: POLICY_DEFAULTS, revision: 1 });
    }
    // The register of organizations ever filed, with the district's cancellations and blacklist.
    const plan = filingPlanOf(world);
    const certified = new Map(plan.certificates.map((c) => [c.organizationId, c]));
    const statusOf = { FILED: 'FILED', DISSOLVING: 'FILED', DISSOLVED: 'DISSOLVED', CANCELLED: 'CANCELLED' } as Record<
      string,
      string
    >;
    const filed = world.organizations.filter((o) => certified.has(o.id) && statusOf[o.status]);
    for (let i = 0; i < filed.length; i += 1000) {
      await tx.insertMany(
        FiledOrganization,
        filed.slice(i, i + 1000).map((o) => ({
          organizationId: o.id,
          districtId: o.districtId,
          streetId: o.streetId,
          communityId: o.communityId,
          name: o.name,
          status: statusOf[o.status]!,
          asOf: certified.get(o.id)!.voidedAt ?? certified.get(o.id)!.issuedAt,
        })),
      );
    }
    if (plan.cancellations.length) {
      await tx.insertMany(
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
    }
    if (plan.blacklist.length) {
      await tx.insertMany(
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
    }
    await seedDistrictReports(tx, world);
    const oversight = oversightPlanOf(world);
    const inspections = oversight.inspections.map(({ organization: o, ...r }) => ({
      ...r,
      result: r.result as InspectionResult,
      inspectorName: '区协会',
      organizationId: o.id,
      districtId: o.districtId,
      streetId: o.streetId,
      communityId: o.communityId,
    }));
    for (let i = 0; i < inspections.length; i += 1000) await tx.insertMany(Inspection, inspections.slice(i, i + 1000));
    if (oversight.credit.length)
      await tx.insertMany(
        CreditEvent,
        oversight.credit.map(({ organization: o, ...r }) => ({
          ...r,
          kind: r.kind as CreditKind,
          organizationId: o.id,
          districtId: o.districtId,
        })),
      );
    if (oversight.awards.length)
      await tx.insertMany(
        Award,
        oversight.awards.map(({ organization: o, ...r }) => ({ ...r, organizationId: o.id, districtId: o.districtId })),
      );
  });
  log.info({ districts: world.districts.length }, 'district data seeded');
}

/** This tier's rounds of the seeded major-activity reports (those that reached it), with its reviews. */
export async function seedDistrictReports(tx: EntityManager, world: Parameters<typeof seedReportPlan>[0]): Promise<void> {
  const rows = escalatedSeedRows(seedReportPlan(world), (r) => r.district, '区协会');
  if (rows.length) await tx.insertMany(DistrictReport, rows);
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
