import {
  clock,
  isIdentityNumber,
  isIsoDate,
  localDate,
  maskIdNumber,
  mobilePhone,
  personName,
  maskName,
  maskPhone,
  ProblemList,
} from '@cso/platform';
import { Gender, MemberRole } from './member.enums.js';
import type { Member } from './member.entity.js';
import type { MemberInput } from './member.inputs.js';
import type { PersonalDataAccess } from '../organization/organization.policy.js';

/** Checks a new member; every problem is reported at once, each with its field. */
export function checkMemberInput(input: MemberInput, now = clock.now()): void {
  const problems = new ProblemList();
  memberProblems(problems, input, 'input', now);
  if (input.role === MemberRole.LEADER)
    problems.add('input.role', 'LEADER_BY_CHANGE_FILING', 'the leader is changed by a change filing, not here');
  problems.throwIfAny();
}

/** Adds the problems of one person's data (name, birth date, identity number, phone) under `prefix`. */
export function memberProblems(
  problems: ProblemList,
  input: Omit<MemberInput, 'role' | 'isPartyMember'>,
  prefix: string,
  now = clock.now(),
): void {
  personName(problems, `${prefix}.name`, input.name);
  // Not after today's date in Beijing (a birth date is a calendar date).
  const birthOk = isIsoDate(input.birthDate) && input.birthDate <= localDate(now);
  if (!birthOk) problems.add(`${prefix}.birthDate`, 'DATE', 'must be a past date as YYYY-MM-DD');
  const id = input.idNumber.trim().toUpperCase();
  if (!isIdentityNumber(id)) {
    problems.add(`${prefix}.idNumber`, 'ID_NUMBER_CHECKSUM', 'is not a valid 18-character identity number');
  } else {
    if (birthOk && id.slice(6, 14) !== input.birthDate.replaceAll('-', ''))
      problems.add(`${prefix}.idNumber`, 'ID_NUMBER_BIRTH_DATE', 'does not match the birth date');
    const male = Number(id[16]) % 2 === 1;
    if (male !== (input.gender === Gender.MALE))
      problems.add(`${prefix}.idNumber`, 'ID_NUMBER_GENDER', 'does not match the gender');
  }
  mobilePhone(problems, `${prefix}.phone`, input.phone);
}

/** A member's personal field: in full for those with full access, masked for everyone else who reaches it. */
export function memberField(access: PersonalDataAccess, value: string, mask: (v: string) => string): string {
  return access === 'FULL' ? value : mask(value);
}

/** What the audit trail keeps of a member: never the personal data in full. */
export function auditSnapshot(m: Member): Record<string, unknown> {
  return {
    id: m.id,
    organizationId: m.organization,
    name: maskName(m.name),
    idNumber: maskIdNumber(m.idNumber),
    phone: maskPhone(m.phone),
    role: m.role,
    isPartyMember: m.isPartyMember,
  };
}
