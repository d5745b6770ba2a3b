import { createHash, timingSafeEqual } from 'node:crypto';

/** The header by which the gateway proves itself to a subgraph. */
export const GATEWAY_SECRET_HEADER = 'x-gateway-secret';

/** Constant-time comparison of a presented secret with the expected one. */
export function secretMatches(presented: string | undefined, expected: string | undefined): boolean {
  if (!presented || !expected) return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
