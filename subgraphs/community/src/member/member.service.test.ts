import { addDays, clock, identityNumber, localDate, setClockOffset, zonedTime } from '@cso/platform';
import { callers, place, rejected } from '../__tests__/callers.js';
import { filedOrganization, startTier, type Tier } from '../__tests__/tier.js';
import { submitChangeFiling } from '../filing/filing.service.js';
import { Gender, MemberRole } from './member.enums.js';
import { addMember, removeMember } from './member.service.js';

let tier: Tier;
beforeAll(async () => {
  tier = await startTier();
  await filedOrganization(tier.em, '望海楼社区合唱团', place.organization);
});
afterAll(() => tier?.stop());
afterEach(() => setClockOffset(0));

const newMember = (sequence: number) => ({
  name: '赵建华',
  gender: Gender.MALE,
  birthDate: '1970-08-08',
  idNumber: identityNumber('120102', '1970-08-08', sequence),
  phone: '13698765432',
  isPartyMember: false,
  role: MemberRole.MEMBER,
});

describe('the roster', () => {
  it('dates a new member by the clock, in Beijing', async () => {
    const at = zonedTime(localDate(addDays(clock.now(), 1)), 0, 30);
    setClockOffset(at.getTime() - clock.now().getTime());
    const member = await addMember(tier.as(callers.communityOfficer), place.organization, newMember(11));
    expect(localDate(at)).not.toBe(at.toISOString().slice(0, 10));
    expect(member.joinedOn).toBe(localDate(at));
  });

  it('keeps a member that an open change filing names as the new leader', async () => {
    const named = await addMember(tier.as(callers.leader), place.organization, newMember(13));
    const other = await addMember(tier.as(callers.leader), place.organization, newMember(15));
    await submitChangeFiling(tier.as(callers.leader), place.organization, {
      leaderMemberId: named.id,
      reason: '原负责人年事已高',
    });
    expect(await rejected(removeMember(tier.as(callers.communityOfficer), named.id))).toMatchObject({
      code: 'POLICY_VIOLATION',
      rule: 'MEMBER_IN_OPEN_FILING',
    });
    expect(await removeMember(tier.as(callers.communityOfficer), other.id)).toBe(true);
  });

  it('keeps the member and party-member counts of the organization row in step with the roster', async () => {
    const counts = async () => {
      const [row] = await tier.em
        .fork()
        .execute<{ member_count: number; party_member_count: number; members: string; party: string }[]>(
          `select member_count, party_member_count, (select count(*) from member where organization_id = o.id) as members,
             (select count(*) from member where organization_id = o.id and is_party_member) as party from organization o where id = ?`,
          [place.organization],
        );
      return row!;
    };
    const before = await counts();
    const added = await addMember(tier.as(callers.communityOfficer), place.organization, {
      ...newMember(19),
      isPartyMember: true,
    });
    const after = await counts();
    expect([after.member_count, after.party_member_count]).toEqual([before.member_count + 1, before.party_member_count + 1]);
    expect([after.member_count, after.party_member_count]).toEqual([Number(after.members), Number(after.party)]);
    await removeMember(tier.as(callers.communityOfficer), added.id);
    expect(await counts()).toEqual(before);
  });

  it('is kept by the organization’s community officer and leader only', async () => {
    expect(await rejected(addMember(tier.as(callers.streetOfficer), place.organization, newMember(17)))).toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
