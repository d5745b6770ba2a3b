import { POLICY_DEFAULTS } from '@cso/contracts';
import { addDays, clock, localDate, setClockOffset, zonedTime } from '@cso/platform';
import { callers, place, rejected } from '../__tests__/callers.js';
import { countRows, roster, startTier, type Tier } from '../__tests__/tier.js';
import { Member } from '../member/member.entity.js';
import { OrganizationCategory, OrganizationSponsor, OrganizationStatus } from '../organization/organization.enums.js';
import { Organization } from '../organization/organization.entity.js';
import { ReceivedPolicy } from '../policy/received-policy.entity.js';
import { FilingStatus } from './filing.enums.js';
import type { FilingInput } from './filing.inputs.js';
import { submitFiling } from './filing.service.js';

let tier: Tier;
beforeAll(async () => {
  tier = await startTier();
});
afterAll(() => tier?.stop());
afterEach(() => setClockOffset(0));

const filing = (name: string, members: number, communityId = place.community): FilingInput => ({
  communityId,
  name,
  category: OrganizationCategory.CULTURE_SPORTS,
  sponsor: OrganizationSponsor.RESIDENTS,
  purpose: '丰富社区居民的文化生活,每周排练合唱曲目',
  activityArea: '社区活动室',
  activitySchedule: '每周三下午',
  foundedOn: '2026-01-01',
  charter: '第一条 本队是社区居民自愿组成的合唱队。第二条 本队遵守法律法规,服务社区居民。',
  applicantName: '王建国',
  applicantPhone: '13912345678',
  members: roster(members),
});

/** Everything a filing would store, counted. */
const stored = async () =>
  Promise.all(['organization', 'member', 'filing_application', 'filing_step', 'audit_record'].map((t) => countRows(tier.em, t)));

describe('submitFiling', () => {
  it('refuses a roster below the district’s minimum members, and stores nothing', async () => {
    const before = await stored();
    const error = await rejected(submitFiling(tier.as(callers.communityOfficer), filing('望海楼社区京剧队', 9)));
    expect(error).toMatchObject({
      code: 'POLICY_VIOLATION',
      rule: 'MINIMUM_MEMBERS',
      fields: [expect.objectContaining({ field: 'input.members', code: 'MINIMUM_MEMBERS' })],
    });
    expect(await stored()).toEqual(before);
  });

  it('applies the minimum the district has set, as this tier received it', async () => {
    const em = tier.em.fork();
    em.create(ReceivedPolicy, {
      districtId: place.otherDistrict,
      revision: 1,
      values: { ...POLICY_DEFAULTS, minimumMembers: 12 },
    });
    await em.flush();
    const before = await stored();
    const error = await rejected(
      submitFiling(tier.as(callers.otherCommunityOfficer), filing('鼓楼社区太极拳队', 11, place.otherCommunity)),
    );
    expect(error).toMatchObject({ code: 'POLICY_VIOLATION', rule: 'MINIMUM_MEMBERS' });
    expect(await stored()).toEqual(before);
  });

  it('is received by the officer of the community only', async () => {
    const error = await rejected(submitFiling(tier.as(callers.otherCommunityOfficer), filing('望海楼社区舞蹈队', 10)));
    expect(error).toMatchObject({ code: 'FORBIDDEN', rule: 'JURISDICTION' });
  });

  it('stores the organization, its roster and the application, dated by the clock in Beijing', async () => {
    // 00:30 tomorrow in Beijing: in UTC it is still the day before.
    const at = zonedTime(localDate(addDays(clock.now(), 1)), 0, 30);
    setClockOffset(at.getTime() - clock.now().getTime());
    const result = await submitFiling(tier.as(callers.communityOfficer), filing('望海楼社区夕阳红合唱队', 10));
    expect(result.status).toBe(FilingStatus.SUBMITTED);
    expect(Math.abs(result.submittedAt.getTime() - at.getTime())).toBeLessThan(60_000);

    const em = tier.em.fork();
    const org = await em.findOneOrFail(Organization, { id: result.organizationId });
    expect(org.status).toBe(OrganizationStatus.APPLYING);
    const members = await em.find(Member, { organization: org.id });
    expect(members).toHaveLength(10);
    // The roster's counts are kept in the organization row.
    expect([org.memberCount, org.partyMemberCount]).toEqual([10, members.filter((m) => m.isPartyMember).length]);
    expect(localDate(at)).not.toBe(at.toISOString().slice(0, 10));
    expect(new Set(members.map((m) => m.joinedOn))).toEqual(new Set([localDate(at)]));
  });
});
