import { clock, DAY_MS as DAY, HOUR_MS as HOUR, stableUuid } from '@cso/platform';
import { seedDay } from './filings.js';
import { between, pick, random, seedOf, type SeedOrganization, type SeedWorld } from './generator.js';
import { GIVEN_CHARS, SURNAMES } from './names.js';

/**
 * The major-activity reports of the seeded world: in every street, reports at every level and in
 * every status (some overdue), derived from the world so that the three tiers agree.
 */

export type SeedReportStatus = 'SUBMITTED' | 'AT_STREET' | 'AT_DISTRICT' | 'RETURNED' | 'APPROVED' | 'REJECTED' | 'WITHDRAWN';
export type SeedLevel = 'COMMUNITY' | 'STREET' | 'DISTRICT';

export interface SeedLevelRound {
  round: number;
  receivedAt: Date;
  dueAt: Date;
  decision: string | null;
  opinion: string | null;
  reviewedAt: Date | null;
  conditions?: string | null;
}

export interface SeedReport {
  id: string;
  organization: SeedOrganization;
  title: string;
  description: string;
  kind: string;
  plannedStart: Date;
  plannedEnd: Date;
  location: string;
  expectedParticipants: number;
  safetyMeasures: string;
  contactName: string;
  contactPhone: string;
  status: SeedReportStatus;
  currentLevel: SeedLevel;
  round: number;
  submittedAt: Date;
  levelSince: Date;
  levelDueAt: Date;
  reachedStreetAt: Date | null;
  reachedDistrictAt: Date | null;
  communityDecision: string | null;
  communityOpinion: string | null;
  communityReviewedAt: Date | null;
  eventRound: number;
  eventLevel: number;
  street: SeedLevelRound[];
  district: SeedLevelRound[];
  steps: { round: number; at: Date; tier: string; action: string; actorName: string; opinion: string | null }[];
}

const RESPONSE_DAYS = 2;

const ACTIVITIES: [string, string, string][] = [
  ['PERFORMANCE', '社区迎新春文艺汇演', '社区文化广场'],
  ['COMPETITION', '社区老年门球友谊赛', '社区门球场'],
  ['LECTURE', '防范电信诈骗知识讲座', '社区党群服务中心'],
  ['VOLUNTEER_SERVICE', '学雷锋志愿服务集市', '社区中心广场'],
  ['GATHERING', '邻里节百家宴', '社区活动中心'],
  ['OUTING', '红色教育基地参观', '平津战役纪念馆'],
];

/** The statuses in turn within each street; the last three wait past their level's deadline. */
const TURNS: { status: SeedReportStatus; level: SeedLevel; overdue?: boolean; round?: number }[] = [
  { status: 'SUBMITTED', level: 'COMMUNITY' },
  { status: 'AT_STREET', level: 'STREET' },
  { status: 'AT_DISTRICT', level: 'DISTRICT' },
  { status: 'RETURNED', level: 'STREET' },
  { status: 'APPROVED', level: 'DISTRICT' },
  { status: 'REJECTED', level: 'DISTRICT' },
  { status: 'WITHDRAWN', level: 'COMMUNITY' },
  { status: 'APPROVED', level: 'DISTRICT', round: 2 },
  { status: 'SUBMITTED', level: 'COMMUNITY', overdue: true },
  { status: 'AT_STREET', level: 'STREET', overdue: true },
  { status: 'AT_DISTRICT', level: 'DISTRICT', overdue: true },
];

export function reportPlanOf(world: SeedWorld, now = clock.now()): SeedReport[] {
  const day = seedDay(now);
  const reports: SeedReport[] = [];
  for (const street of world.streets) {
    const orgs = world.organizations.filter((o) => o.streetId === street.id && o.communityId && o.status === 'FILED');
    TURNS.forEach((turn, i) => {
      const org = orgs[(i * 3) % Math.max(orgs.length, 1)];
      if (!org) return;
      const rng = random(seedOf(`report:${street.id}:${i}`));
      const [kind, title, location] = pick(rng, ACTIVITIES);
      const contactName = `${pick(rng, SURNAMES)}${pick(rng, GIVEN_CHARS)}${pick(rng, GIVEN_CHARS)}`;
      // Waiting reports arrived at their level today (on time) or four days ago (overdue); finished ones some weeks ago.
      const finished = !['SUBMITTED', 'AT_STREET', 'AT_DISTRICT'].includes(turn.status);
      const arrived = new Date(day.getTime() - (turn.overdue ? 4 * DAY : finished ? between(rng, 10, 30) * DAY : 0) - 1 * HOUR);
      const levelsBelow = { COMMUNITY: 0, STREET: 1, DISTRICT: 2 }[turn.level];
      const rounds = turn.round ?? 1;
      const r: SeedReport = {
        id: stableUuid(`report:${street.id}:${i}`),
        organization: org,
        title: `${org.name.replace(/^.*社区/, '')}${title}`,
        description: `${title}:由${org.name}组织,面向社区居民,活动内容健康向上`,
        kind,
        plannedStart: new Date(day.getTime() + between(rng, 20, 60) * DAY + 9 * HOUR),
        plannedEnd: new Date(day.getTime() + between(rng, 20, 60) * DAY + 9 * HOUR),
        location,
        expectedParticipants: between(rng, 50, 800),
        safetyMeasures: '制定安全预案,设置疏散通道,安排志愿者维持秩序,配备急救药品',
        contactName,
        contactPhone: `136${String(between(rng, 0, 99_999_999)).padStart(8, '0')}`,
        status: turn.status,
        currentLevel: turn.level,
        round: rounds,
        submittedAt: new Date(arrived.getTime() - levelsBelow * 6 * HOUR - 2 * HOUR),
        levelSince: arrived,
        levelDueAt: new Date(arrived.getTime() + RESPONSE_DAYS * DAY),
        reachedStreetAt: null,
        reachedDistrictAt: null,
        communityDecision: null,
        communityOpinion: null,
        communityReviewedAt: null,
        eventRound: 0,
        eventLevel: 0,
        street: [],
        district: [],
        steps: [],
      };
      r.plannedEnd = new Date(r.plannedStart.getTime() + 3 * HOUR);
      const step = (round: number, at: Date, tier: string, action: string, opinion: string | null = null) =>
        r.steps.push({
          round,
          at,
          tier,
          action,
          actorName: { organization: '组织负责人', community: '社区指导委员会', street: '街道分会', district: '区协会' }[tier]!,
          opinion,
        });
      // An earlier round returned by the street.
      let t = new Date(r.submittedAt.getTime() - (rounds - 1) * 2 * DAY);
      for (let round = 1; round <= rounds; round++) {
        const last = round === rounds;
        if (last) r.submittedAt = t;
        step(round, t, 'organization', round === 1 ? 'SUBMITTED' : 'RESUBMITTED', round === 1 ? null : '已按意见修改');
        if (last && turn.status === 'SUBMITTED') break;
        if (last && turn.status === 'WITHDRAWN') {
          step(round, new Date(t.getTime() + 2 * HOUR), 'organization', 'WITHDRAWN');
          r.levelSince = t;
          break;
        }
        const forwarded = new Date(t.getTime() + 2 * HOUR);
        Object.assign(r, {
          communityDecision: 'FORWARD',
          communityOpinion: '同意上报街道',
          communityReviewedAt: forwarded,
          reachedStreetAt: r.reachedStreetAt ?? forwarded,
        });
        step(round, forwarded, 'community', 'FORWARDED', '同意上报街道');
        const atStreet: SeedLevelRound = {
          round,
          receivedAt: forwarded,
          dueAt: new Date(forwarded.getTime() + RESPONSE_DAYS * DAY),
          decision: null,
          opinion: null,
          reviewedAt: null,
        };
        r.street.push(atStreet);
        if (last && turn.status === 'AT_STREET') {
          Object.assign(r, { levelSince: forwarded, levelDueAt: atStreet.dueAt });
          break;
        }
        const streetAt = new Date(forwarded.getTime() + 6 * HOUR);
        const returned = !last || turn.status === 'RETURNED';
        Object.assign(atStreet, {
          decision: returned ? 'RETURN' : 'FORWARD',
          opinion: returned ? '请补充安全预案' : '同意上报区协会',
          reviewedAt: streetAt,
        });
        Object.assign(r, { eventRound: round, eventLevel: 2 });
        step(round, streetAt, 'street', returned ? 'RETURNED' : 'FORWARDED', atStreet.opinion);
        if (returned) {
          t = new Date(streetAt.getTime() + DAY);
          continue;
        }
        r.reachedDistrictAt ??= streetAt;
        const atDistrict: SeedLevelRound = {
          round,
          receivedAt: streetAt,
          dueAt: new Date(streetAt.getTime() + RESPONSE_DAYS * DAY),
          decision: null,
          opinion: null,
          reviewedAt: null,
          conditions: null,
        };
        r.district.push(atDistrict);
        if (turn.status === 'AT_DISTRICT') {
          Object.assign(r, { levelSince: streetAt, levelDueAt: atDistrict.dueAt });
          break;
        }
        const decidedAt = new Date(streetAt.getTime() + 6 * HOUR);
        const approved = turn.status === 'APPROVED';
        Object.assign(atDistrict, {
          decision: approved ? 'APPROVE' : 'REJECT',
          opinion: approved ? '同意举办' : '活动规模过大,存在安全隐患',
          reviewedAt: decidedAt,
          conditions: approved ? '活动须于21时前结束' : null,
        });
        Object.assign(r, { eventRound: round, eventLevel: 3 });
        step(
          round,
          decidedAt,
          'district',
          approved ? 'APPROVED' : 'REJECTED',
          approved ? '同意举办(条件:活动须于21时前结束)' : atDistrict.opinion,
        );
      }
      reports.push(r);
    });
  }
  return reports;
}
