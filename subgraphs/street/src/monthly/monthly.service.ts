import { clock, isIsoDate, NotFoundError, ProblemList, recordAudit, textLength, type RequestContext } from '@cso/platform';
import { randomUUID } from 'node:crypto';
import { organizationsAtStreet } from '../filing/filing.repository.js';
import { policyOf } from '../policy/received-policy.repository.js';
import { MonthlyReport } from './monthly.entity.js';
import { isMonth, type MonthlyReportInput } from './monthly.inputs.js';
import { assertMaySubmitMonthlyReport, isFutureMonth, isLateReport } from './monthly.policy.js';
import { currentReport, lockOrganizationMonth } from './monthly.repository.js';

/** Every problem of a monthly report's content, at once. */
function checkReport(problems: ProblemList, month: string, input: MonthlyReportInput, now: Date): void {
  if (!isMonth(month)) problems.add('month', 'MONTH_FORMAT', 'must be YYYY-MM');
  else if (isFutureMonth(month, now)) problems.add('month', 'FUTURE_MONTH', 'a month that has not begun cannot be reported');
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
}

/**
 * 月报 A FILED organization's monthly report (its leader or its community officer), received by the
 * street. A second report for the same month is a correction: the first is kept. Late past the due
 * day (Beijing time) of the next month.
 */
export async function submitMonthlyReport(
  ctx: RequestContext,
  organizationId: string,
  month: string,
  input: MonthlyReportInput,
): Promise<MonthlyReport> {
  const [org] = await organizationsAtStreet(ctx.em, [organizationId]);
  if (!org) throw new NotFoundError('Organization', organizationId);
  assertMaySubmitMonthlyReport(ctx.caller, organizationId, org);
  const now = clock.now();
  const problems = new ProblemList();
  checkReport(problems, month, input, now);
  if (!org.filed) problems.rule('organizationId', 'ORGANIZATION_NOT_FILED', 'only a FILED organization submits monthly reports');
  problems.throwIfAny();
  const dueDay = (await policyOf(ctx.em, org.districtId)).monthlyReportDueDay;
  return ctx.em.transactional(async (tx) => {
    await lockOrganizationMonth(tx, organizationId, month);
    const previous = await currentReport(tx, organizationId, month);
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
      late: isLateReport(month, now, dueDay),
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
