import { clock } from './clock.js';
import { isIsoDate, localDate } from './calendar.js';
import type { ProblemList } from './errors.js';

/**
 * Field checks that services share. Each adds a BAD_USER_INPUT problem to the list, so that a
 * request learns of every bad field at once.
 */

const PERSON_NAME = /^[\p{Script=Han}·]{2,20}$/u;
const MOBILE = /^1[3-9]\d{9}$/;

/** Text of `min` to `max` characters once trimmed (counted as characters, not UTF-16 units); null or undefined is skipped. */
export function textLength(
  problems: ProblemList,
  field: string,
  value: string | null | undefined,
  min: number,
  max: number,
): void {
  if (value == null) return;
  const length = [...value.trim()].length;
  if (length < min || length > max) problems.add(field, 'LENGTH', `must be ${min} to ${max} characters; has ${length}`);
}

/** A person's name: 2 to 20 Chinese characters (· allowed). */
export function personName(problems: ProblemList, field: string, value: string): void {
  if (!PERSON_NAME.test(value.trim())) problems.add(field, 'NAME_FORMAT', 'must be 2 to 20 Chinese characters');
}

/** An 11-digit mainland mobile number. */
export function mobilePhone(problems: ProblemList, field: string, value: string): void {
  if (!MOBILE.test(value.trim())) problems.add(field, 'PHONE_FORMAT', 'must be an 11-digit mobile number');
}

/** A real date as YYYY-MM-DD, not after today (in Beijing). */
export function pastDate(problems: ProblemList, field: string, value: string, now = clock.now()): void {
  if (!isIsoDate(value) || value > localDate(now)) problems.add(field, 'DATE', 'must be a date as YYYY-MM-DD, not in the future');
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** A resident identity number (GB 11643): region, birth date, sequence and the check digit. */
export function identityNumber(region: string, birthDate: string, sequence: number): string {
  const body = `${region}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * ID_WEIGHTS[i]!;
  return `${body}${ID_CHECK[sum % 11]}`;
}

/** True for an 18-character resident identity number with a valid check digit (GB 11643). */
export function isIdentityNumber(id: string): boolean {
  return (
    /^\d{17}[\dX]$/.test(id) &&
    identityNumber(id.slice(0, 6), `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`, Number(id.slice(14, 17))) === id
  );
}
