import { createHash } from 'node:crypto';
import { InvalidInputError } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** An id given as a filter must be well formed; a malformed one is the client's mistake. */
export function requireUuid(value: string, field: string): string {
  if (!isUuid(value)) throw InvalidInputError.field(field, 'MALFORMED_ID', `${JSON.stringify(value)} is not a valid id`);
  return value.toLowerCase();
}

/**
 * A stable UUID (version 5 layout) from a name: the seed generator uses it so that every tier
 * derives the same ids for the same things without talking to the others.
 */
export function stableUuid(name: string): string {
  const h = createHash('sha1').update(`cso:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A PostgreSQL array literal of ids, for `= any(?::uuid[])`: the driver would otherwise expand a
 * JavaScript array into a list of placeholders. Every element must be a UUID.
 */
export function uuidArray(ids: readonly string[]): string {
  for (const id of ids) if (!isUuid(id)) throw new TypeError(`not a UUID: ${id}`);
  return `{${ids.join(',')}}`;
}
