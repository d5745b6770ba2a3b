import { hash, timingSafeEqual } from 'node:crypto';

/** The header by which the gateway proves itself to a subgraph. */
export const GATEWAY_SECRET_HEADER = 'x-gateway-secret';

const digest = (secret: string) => hash('sha256', secret, 'buffer');

/**
 * A constant-time check of presented secrets against one expected secret, whose digest is computed once:
 * each check then hashes only what was presented (both sides hashed, so neither length nor content shows in
 * the time taken). Always false when either side is absent or empty.
 */
export function secretMatcher(expected: string | undefined): (presented: string | undefined) => boolean {
  const wanted = expected ? digest(expected) : undefined;
  return (presented) => !!presented && wanted !== undefined && timingSafeEqual(digest(presented), wanted);
}

/** Constant-time comparison of a presented secret with the expected one. */
export function secretMatches(presented: string | undefined, expected: string | undefined): boolean {
  return secretMatcher(expected)(presented);
}
