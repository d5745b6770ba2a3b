import { identityNumber } from '@cso/platform';
import type { TestStack } from './stack.js';

/** A valid roster of `size` people (the first is the leader, the first `party` are party members). */
export function roster(size: number, options: { party?: number; seed?: number; leaderIdNumber?: string } = {}) {
  const seed = options.seed ?? 0;
  return Array.from({ length: size }, (_, i) => {
    const male = i % 2 === 0;
    const birthDate = `19${60 + ((seed + i) % 40)}-0${1 + (i % 9)}-1${i % 9}`;
    const idNumber =
      i === 0 && options.leaderIdNumber
        ? options.leaderIdNumber
        : identityNumber('120105', birthDate, (((seed * 7 + i) * 2) % 998) + (male ? 1 : 0));
    const leaderBirth =
      options.leaderIdNumber && i === 0
        ? `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`
        : birthDate;
    const leaderMale = options.leaderIdNumber && i === 0 ? Number(idNumber[16]) % 2 === 1 : male;
    return {
      name: `测试${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'子丑寅卯辰巳午未申酉戌亥'[Math.floor(i / 10) % 12]}`,
      gender: leaderMale ? 'MALE' : 'FEMALE',
      birthDate: leaderBirth,
      idNumber,
      phone: `1380000${String(1000 + i).slice(-4)}`,
      isPartyMember: i < (options.party ?? 0),
      role: i === 0 ? 'LEADER' : i < 3 ? 'CORE' : 'MEMBER',
    };
  });
}

export function filingInput(communityId: string, name: string, members = roster(10)) {
  return {
    communityId,
    name,
    category: 'CULTURE_SPORTS',
    sponsor: 'RESIDENTS',
    purpose: '组织居民开展合唱活动,丰富社区文化生活',
    activityArea: '社区文化活动室',
    activitySchedule: '每周二、周四上午',
    foundedOn: '2026-01-15',
    charter: '本团章程:宗旨为丰富社区居民文化生活,成员自愿参加,遵守法律法规和社区公约,每周定期活动。',
    applicantName: '王建华',
    applicantPhone: '13912345678',
    members,
  };
}

export const SUBMIT =
  'mutation($input: FilingInput!) { submitFiling(input: $input) { id status kind round organization { id status } } }';
export const REVIEW =
  'mutation($id: ID!, $d: PreliminaryDecision!, $o: String!) { reviewFiling(id: $id, decision: $d, opinion: $o) { id status round partyStationRequired communityReview { decision opinion } } }';
export const DECIDE =
  'mutation($id: ID!, $d: StreetDecision!, $o: String!) { decideFiling(id: $id, decision: $d, opinion: $o) { id streetDecision { stage decision opinion } notice { endsAt isOpen } } }';

/** Polls until `ok` holds (events travel through the bus; notices end on a schedule). */
export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Submits a new filing as community-officer and forwards it; returns its id and the organization's. */
export async function submitAndForward(t: TestStack, communityId: string, name: string, members = roster(10)) {
  const officer = await t.as('community-officer');
  const submitted = await t.gql<{ submitFiling: { id: string; organization: { id: string } } }>(
    SUBMIT,
    { input: filingInput(communityId, name, members) },
    officer,
  );
  if (submitted.errors) throw new Error(JSON.stringify(submitted.errors));
  const id = submitted.data!.submitFiling.id;
  const forwarded = await t.gql(REVIEW, { id, d: 'FORWARD', o: '材料齐全,同意报街道' }, officer);
  if (forwarded.errors) throw new Error(JSON.stringify(forwarded.errors));
  return { id, organizationId: submitted.data!.submitFiling.organization.id };
}

/** The stage of a filing at the street, read through the gateway by street-officer. */
export async function streetStage(t: TestStack, id: string): Promise<string | null> {
  const res = await t.gql<{ filingApplication: { streetDecision: { stage: string } | null } }>(
    'query($id: ID!) { filingApplication(id: $id) { streetDecision { stage } } }',
    { id },
    await t.as('street-officer'),
  );
  return res.data?.filingApplication.streetDecision?.stage ?? null;
}
