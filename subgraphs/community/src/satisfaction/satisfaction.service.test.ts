import { setClockOffset, zonedTime } from '@cso/platform';
import { callers, rejected } from '../__tests__/callers.js';
import { countRows, filedOrganization, startTier, type Tier } from '../__tests__/tier.js';
import type { Organization } from '../organization/organization.entity.js';
import { EvaluatorGroup } from './satisfaction.entity.js';
import { recordSatisfaction, satisfactionOf } from './satisfaction.service.js';

let tier: Tier;
let org: Organization;
beforeAll(async () => {
  tier = await startTier();
  org = await filedOrganization(tier.em, '望海楼社区志愿服务队');
});
afterAll(() => tier?.stop());
afterEach(() => setClockOffset(0));

/** Moves the clock to a Beijing wall-clock time. */
const setClockTo = (at: Date) => setClockOffset(at.getTime() - Date.now());

const rate = (period: string, evaluatorGroup: EvaluatorGroup, score = 90, caller = callers.communityOfficer) =>
  recordSatisfaction(tier.as(caller), { organizationId: org.id, period, evaluatorGroup, score, comment: ' 活动丰富 ' });

describe('recordSatisfaction', () => {
  it('refuses a period that has not begun in Beijing, and stores nothing', async () => {
    setClockTo(zonedTime('2031-06-30', 23, 0));
    const before = await Promise.all([countRows(tier.em, 'satisfaction_rating'), countRows(tier.em, 'audit_record')]);
    const error = await rejected(rate('2031-H2', EvaluatorGroup.TWO_COMMITTEES));
    expect(error).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [expect.objectContaining({ field: 'period', code: 'FUTURE_PERIOD' })],
    });
    expect(await Promise.all([countRows(tier.em, 'satisfaction_rating'), countRows(tier.em, 'audit_record')])).toEqual(before);
  });

  it('rates a year from 1 January in Beijing (still 31 December in UTC), once per group, audited', async () => {
    const newYear = zonedTime('2032-01-01', 0, 30);
    setClockTo(newYear);
    const audits = await countRows(tier.em, 'audit_record');
    const rating = await rate('2032', EvaluatorGroup.RESIDENT_REPRESENTATIVES, 88);
    expect(rating).toMatchObject({ period: '2032', score: 88, comment: '活动丰富', communityId: org.community });
    expect(Math.abs(rating.ratedAt.getTime() - newYear.getTime())).toBeLessThan(60_000);
    expect(await countRows(tier.em, 'audit_record')).toBe(audits + 1);

    expect(await rejected(rate('2032', EvaluatorGroup.RESIDENT_REPRESENTATIVES, 70))).toMatchObject({
      code: 'CONFLICT',
      reason: 'ALREADY_RATED',
    });
    await rate('2032', EvaluatorGroup.JURISDICTION_UNITS, 75);
    const periods = await satisfactionOf(tier.as(callers.communityOfficer), org.id);
    expect(periods.find((p) => p.period === '2032')).toMatchObject({ average: 81.5 });
  });

  it('is recorded by the officer of the organization’s community only', async () => {
    expect(await rejected(rate('2025', EvaluatorGroup.TWO_COMMITTEES, 80, callers.otherCommunityOfficer))).toMatchObject({
      code: 'FORBIDDEN',
      rule: 'JURISDICTION',
    });
    expect(await rejected(rate('2025', EvaluatorGroup.TWO_COMMITTEES, 80, callers.leader))).toMatchObject({ code: 'FORBIDDEN' });
  });
});
