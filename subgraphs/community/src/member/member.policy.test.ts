import { identityNumber, maskPhone, ProblemList, zonedTime } from '@cso/platform';
import { Gender, MemberRole } from './member.enums.js';
import { checkMemberInput, memberField, memberProblems } from './member.policy.js';

/** A person whose identity number matches the birth date and the gender. */
const person = (birthDate: string) => ({
  name: '李秀英',
  gender: Gender.FEMALE,
  birthDate,
  idNumber: identityNumber('120101', birthDate, 2),
  phone: '13812345678',
});

const problemsOf = (input: ReturnType<typeof person>, now: Date) => {
  const problems = new ProblemList();
  memberProblems(problems, input, 'input', now);
  return problems.problems.map((p) => `${p.field}:${p.code}`);
};

describe('a member’s data', () => {
  it('takes today’s date in Beijing as the latest birth date, while UTC is still on the day before', () => {
    const afterMidnight = zonedTime('2026-12-02', 0, 30);
    expect(problemsOf(person('2026-12-02'), afterMidnight)).toEqual([]);
    expect(problemsOf(person('2026-12-03'), afterMidnight)).toEqual(['input.birthDate:DATE']);
  });

  it('checks the identity number against the birth date and the gender', () => {
    const now = zonedTime('2026-12-02', 12);
    expect(problemsOf({ ...person('1960-05-01'), birthDate: '1960-05-02' }, now)).toEqual([
      'input.idNumber:ID_NUMBER_BIRTH_DATE',
    ]);
    expect(problemsOf({ ...person('1960-05-01'), gender: Gender.MALE }, now)).toEqual(['input.idNumber:ID_NUMBER_GENDER']);
  });

  it('leaves the leader to a change filing', () => {
    expect(() => checkMemberInput({ ...person('1960-05-01'), isPartyMember: false, role: MemberRole.LEADER })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    );
  });

  it('is shown in full to full access only, masked to everyone else who reaches it', () => {
    expect(memberField('FULL', '13812345678', maskPhone)).toBe('13812345678');
    expect(memberField('MASKED', '13812345678', maskPhone)).toBe(maskPhone('13812345678'));
    expect(memberField('NONE', '13812345678', maskPhone)).not.toContain('1234');
  });
});
