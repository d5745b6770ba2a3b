import { isRole } from '@cso/contracts';
import {
  clock,
  ForbiddenError,
  isIsoDate,
  textLength,
  uuidArray,
  NotFoundError,
  ProblemList,
  recordAudit,
  type RequestContext,
} from '@cso/platform';
import { policiesFor } from '../policy/received-policy.js';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MonthlyReport, type MonthlyActivity } from './monthly.entity.js';

export interface MonthlyReportInput {
  participants: number;
  activities: MonthlyActivity[];
  publicBenefitScope: string;
  goodDeeds?: string | null;
  partyMembersTakingPart: number;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The instant a month's report is due: the end of the due day of the next month (UTC). */
export function dueAt(month: string, dueDay: number): Date {
  const [, y, m] = MONTH.exec(month)!;
  return new Date(Date.UTC(Number(y), Number(m), dueDay, 23, 59, 59, 999));
}

export const monthOf = (date: Date) => date.toISOString().slice(0, 7);

export interface PlaceAtStreet {
  communityId: string | null;
  streetId: string;
  districtId: string;
  /** True while it holds a valid certificate. */
  filed: boolean;
}

/** What the street knows of organizations (from their latest forwarded filing): placement, and whether each is filed. One statement. */
export async function organizationsAtStreet(em: EntityManager, ids: readonly string[]): Promise<(PlaceAtStreet | null)[]> {
  const rows = await em.execute<
    { organization_id: string; community_id: string | null; street_id: string; district_id: string; filed: boolean }[]
  >(
    `select distinct on (f.organization_id) f.organization_id, f.community_id, f.street_id, f.district_id,
            exists (select 1 from certificate c where c.organization_id = f.organization_id and c.voided_at is null) as filed
     from street_filing f where f.organization_id = any(?::uuid[]) order by f.organization_id, f.forwarded_at desc`,
    [uuidArray(ids)],
    'all',
  );
  const byId = new Map(
    rows.map((r) => [
      r.organization_id,
      { communityId: r.community_id, streetId: r.street_id, districtId: r.district_id, filed: r.filed },
    ]),
  );
  return ids.map((id) => byId.get(id) ?? null);
}

/**
 * 月报 A FILED organization's monthly report (its leader or its community officer), received by the
 * street. A second report for the same month is a correction: the first is kept. Late past the due day.
 */
export async function submitMonthlyReport(
  ctx: RequestContext,
  organizationId: string,
  month: string,
  input: MonthlyReportInput,
): Promise<MonthlyReport> {
  const [org] = await organizationsAtStreet(ctx.em, [organizationId]);
  if (!org) throw new NotFoundError('Organization', organizationId);
  const allowed =
    (isRole(ctx.caller, 'ORG_LEADER') && ctx.caller.organizationId === organizationId) ||
    (isRole(ctx.caller, 'COMMUNITY_OFFICER') && org.communityId !== null && ctx.caller.communityId === org.communityId);
  if (!allowed)
    throw new ForbiddenError(
      'Only the organization’s leader or its community officer submits its monthly reports',
      'JURISDICTION',
    );
  const now = clock.now();
  const problems = new ProblemList();
  if (!MONTH.test(month)) problems.add('month', 'MONTH_FORMAT', 'must be YYYY-MM');
  else if (month > monthOf(now)) problems.add('month', 'FUTURE_MONTH', 'a month that has not begun cannot be reported');
  if (!Number.isInteger(input.participants) || input.participants < 0 || input.participants > 100_000)
    problems.add('input.participants', 'OUT_OF_RANGE', 'must be 0 to 100000');
  if (input.partyMembersTakingPart < 0 || input.partyMembersTakingPart > input.participants)
    problems.add('input.partyMembersTakingPart', 'OUT_OF_RANGE', 'must be 0 to the participants');
  if (input.activities.length < 1 || input.activities.length > 50)
    problems.add('input.activities', 'COUNT', 'must list 1 to 50 activities');
  input.activities.forEach((a, i) => {
    if (!a.date.startsWith(`${month}-`) || !isIsoDate(a.date))
      problems.add(`input.activities[${i}].date`, 'DATE', `must be a date within ${month}`);
    textLength(problems, `input.activities[${i}].content`, a.content, 2, 500);
  });
  textLength(problems, 'input.publicBenefitScope', input.publicBenefitScope, 2, 500);
  textLength(problems, 'input.goodDeeds', input.goodDeeds, 0, 1000);
  if (!org.filed) problems.rule('organizationId', 'ORGANIZATION_NOT_FILED', 'only a FILED organization submits monthly reports');
  problems.throwIfAny();
  const dueDay = (await policiesFor(ctx.em, [org.districtId])).get(org.districtId)!.monthlyReportDueDay;
  return ctx.em.transactional(async (tx) => {
    // Serialize the reports of one organization and month, so that revisions never collide.
    await tx.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`monthly:${organizationId}:${month}`], 'all');
    const previous = await tx.findOne(MonthlyReport, { organizationId, month, supersededAt: null });
    if (previous) previous.supersededAt = now;
    const report = tx.create(MonthlyReport, {
      id: randomUUID(),
      organizationId,
      communityId: org.communityId,
      streetId: org.streetId,
      districtId: org.districtId,
      month,
      revision: (previous?.revision ?? 0) + 1,
      participants: input.participants,
      activities: input.activities.map((a) => ({ date: a.date, content: a.content.trim() })),
      publicBenefitScope: input.publicBenefitScope.trim(),
      goodDeeds: (input.goodDeeds ?? '').trim(),
      partyMembersTakingPart: input.partyMembersTakingPart,
      submittedAt: now,
      late: now > dueAt(month, dueDay),
    });
    recordAudit(tx, ctx, 'street', {
      action: 'submitMonthlyReport',
      targetType: 'MonthlyReport',
      targetId: report.id,
      scopeId: org.districtId,
      before: previous ? { revision: previous.revision } : null,
      after: { organizationId, month, revision: report.revision, late: report.late },
    });
    return report;
  });
}
