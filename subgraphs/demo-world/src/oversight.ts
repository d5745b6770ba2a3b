import { POLICY_DEFAULTS } from '@cso/contracts';
import {
  addMonths,
  clock,
  DAY_MS as DAY,
  firstDayOfNextMonth,
  HOUR_MS as HOUR,
  localMonth,
  localYear,
  stableUuid,
  zonedTime,
} from '@cso/platform';
import { seedDay } from './filings.js';
import { between, random, seedOf, type SeedOrganization, type SeedWorld } from './generator.js';

/**
 * The oversight records of the seeded world (monthly reports of the last three months, last year's
 * inspections, evaluations, credit and awards), derived from the world so that tests can count
 * them independently.
 */

export interface SeedMonthlyReport {
  id: string;
  organization: SeedOrganization;
  month: string;
  revision: number;
  participants: number;
  activities: { date: string; content: string }[];
  publicBenefitScope: string;
  goodDeeds: string;
  partyMembersTakingPart: number;
  submittedAt: Date;
  late: boolean;
  supersededAt: Date | null;
}

export interface SeedOversightPlan {
  months: string[];
  monthly: SeedMonthlyReport[];
  inspections: {
    id: string;
    organization: SeedOrganization;
    year: number;
    result: 'PASS' | 'BASIC_PASS' | 'FAIL';
    findings: string;
    rectifyBy: string | null;
    inspectedAt: Date;
  }[];
  satisfaction: {
    id: string;
    organization: SeedOrganization;
    period: string;
    evaluatorGroup: string;
    score: number;
    comment: string;
    ratedAt: Date;
  }[];
  credit: {
    id: string;
    organization: SeedOrganization;
    kind: 'POSITIVE' | 'NEGATIVE';
    points: number;
    reason: string;
    recordedAt: Date;
  }[];
  awards: { id: string; organization: SeedOrganization; year: number; title: string; grantedAt: Date }[];
}

/** Organizations with a valid certificate (FILED, and DISSOLVING ones until the street decides). */
export const hasValidCertificate = (o: SeedOrganization) => o.status === 'FILED' || o.status === 'DISSOLVING';

export function oversightPlanOf(world: SeedWorld, now = clock.now()): SeedOversightPlan {
  const day = seedDay(now);
  const year = localYear(now);
  const months = [-3, -2, -1].map((back) => addMonths(localMonth(now), back));
  const plan: SeedOversightPlan = { months, monthly: [], inspections: [], satisfaction: [], credit: [], awards: [] };
  const latest = new Date(day.getTime() - HOUR);
  for (const org of world.organizations.filter(hasValidCertificate)) {
    const rng = random(seedOf(`oversight:${org.key}`));
    for (const month of months) {
      const r = rng();
      if (r >= 0.82) continue; // missing
      const nextMonth = firstDayOfNextMonth(month);
      const next = zonedTime(nextMonth).getTime();
      const due = zonedTime(
        `${nextMonth.slice(0, 8)}${String(POLICY_DEFAULTS.monthlyReportDueDay).padStart(2, '0')}`,
        23,
        59,
        59,
        999,
      );
      let submittedAt = new Date(
        r < 0.7
          ? next + between(rng, 0, POLICY_DEFAULTS.monthlyReportDueDay - 1) * DAY + 10 * HOUR
          : due.getTime() + between(rng, 1, 10) * DAY,
      );
      if (submittedAt > latest) submittedAt = latest;
      const participants = between(rng, 20, 300);
      const first: SeedMonthlyReport = {
        id: stableUuid(`monthly:${org.key}:${month}:1`),
        organization: org,
        month,
        revision: 1,
        participants,
        activities: [
          { date: `${month}-0${between(rng, 1, 9)}`, content: '组织成员开展日常活动' },
          { date: `${month}-${between(rng, 15, 28)}`, content: '参与社区志愿服务' },
        ],
        publicBenefitScope: '本社区居民',
        goodDeeds: rng() < 0.3 ? '帮助独居老人打扫卫生' : '',
        partyMembersTakingPart: Math.min(org.partyMemberCount, participants),
        submittedAt,
        late: submittedAt > due,
        supersededAt: null,
      };
      plan.monthly.push(first);
      if (rng() < 0.04 && submittedAt.getTime() + DAY < latest.getTime()) {
        const correctedAt = new Date(submittedAt.getTime() + DAY);
        first.supersededAt = correctedAt;
        plan.monthly.push({
          ...first,
          id: stableUuid(`monthly:${org.key}:${month}:2`),
          revision: 2,
          participants: participants + 5,
          submittedAt: correctedAt,
          late: correctedAt > due,
          supersededAt: null,
        });
      }
    }
    // Everything below is for organizations on the register (a DISSOLVING one is still filed).
    const r = rng();
    const result = r < 0.7 ? 'PASS' : r < 0.9 ? 'BASIC_PASS' : 'FAIL';
    plan.inspections.push({
      id: stableUuid(`inspection:${org.key}:${year - 1}`),
      organization: org,
      year: year - 1,
      result,
      findings: { PASS: '活动正常,台账齐全', BASIC_PASS: '活动基本正常,台账需完善', FAIL: '长期未开展活动,台账缺失' }[result],
      rectifyBy: result === 'FAIL' ? `${year - 1}-06-30` : null,
      inspectedAt: new Date(Date.UTC(year - 1, 2, between(rng, 1, 28), 10)),
    });
    if (org.communityId) {
      for (const group of ['TWO_COMMITTEES', 'RESIDENT_REPRESENTATIVES', 'JURISDICTION_UNITS']) {
        plan.satisfaction.push({
          id: stableUuid(`satisfaction:${org.key}:${year - 1}:${group}`),
          organization: org,
          period: String(year - 1),
          evaluatorGroup: group,
          score: between(rng, 60, 100),
          comment: '',
          ratedAt: new Date(Date.UTC(year - 1, 11, between(rng, 1, 20), 10)),
        });
      }
    }
    if (rng() < 0.1)
      plan.credit.push({
        id: stableUuid(`credit:${org.key}:+`),
        organization: org,
        kind: 'POSITIVE',
        points: 5,
        reason: '积极参与社区志愿服务',
        recordedAt: new Date(Date.UTC(year - 1, 8, 15, 10)),
      });
    if (result === 'FAIL')
      plan.credit.push({
        id: stableUuid(`credit:${org.key}:-`),
        organization: org,
        kind: 'NEGATIVE',
        points: 10,
        reason: '年检不合格',
        recordedAt: new Date(Date.UTC(year - 1, 2, 30, 10)),
      });
    if (result === 'PASS' && rng() < 0.06)
      plan.awards.push({
        id: stableUuid(`award:${org.key}:${year - 1}`),
        organization: org,
        year: year - 1,
        title: '优秀社区社会组织',
        grantedAt: new Date(Date.UTC(year - 1, 11, 28, 10)),
      });
  }
  return plan;
}
