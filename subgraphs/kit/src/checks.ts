import { isIsoDate } from './dates.js';
import type { ProblemList } from './errors.js';

/**
 * The field checks every tier's mutations share. Each adds a BAD_USER_INPUT problem to the list,
 * so that a request learns of every bad field at once.
 */

const PERSON_NAME = /^[\p{Script=Han}·]{2,20}$/u;
const MOBILE = /^1[3-9]\d{9}$/;

/** Text of `min` to `max` characters once trimmed (counted as characters, not UTF-16 units); null or undefined is skipped. */
export function textLength(problems: ProblemList, field: string, value: string | null | undefined, min: number, max: number): void {
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

/** A real date as YYYY-MM-DD, not after `now`. */
export function pastDate(problems: ProblemList, field: string, value: string, now = new Date()): void {
  if (!isIsoDate(value) || value > now.toISOString().slice(0, 10)) problems.add(field, 'DATE', 'must be a date as YYYY-MM-DD, not in the future');
}
