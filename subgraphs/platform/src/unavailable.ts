import { AbandonedRequestError } from './request-scope.js';

/** Why the database could not serve a statement: the client should retry, not report a bug. */
export type DatabaseTrouble = 'UNREACHABLE' | 'BUSY' | 'TIMEOUT' | 'CANCELLED';

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

/** The errors wrapped in an error: GraphQL's originalError, the ORM's and node's cause. */
function* chain(error: unknown): Generator<{ code?: unknown; message?: unknown; name?: unknown }> {
  const seen = new Set<unknown>();
  let current = error as { originalError?: unknown; cause?: unknown } | undefined;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    yield current as { code?: unknown; message?: unknown; name?: unknown };
    current = (current.originalError ?? current.cause) as typeof current;
  }
}

/**
 * Recognizes an error of the database's availability (down, pool exhausted, statement or lock
 * timeout, a statement cancelled because its caller gave up), as opposed to a defect.
 */
export function databaseTrouble(error: unknown): DatabaseTrouble | null {
  for (const e of chain(error)) {
    if (e instanceof AbandonedRequestError) return 'CANCELLED';
    const code = typeof e.code === 'string' ? e.code : undefined;
    const message = typeof e.message === 'string' ? e.message : '';
    if (code && UNREACHABLE_CODES.has(code)) return 'UNREACHABLE';
    if (/Connection terminated|connect ECONNREFUSED|the database system is (starting up|shutting down)/i.test(message))
      return 'UNREACHABLE';
    if (/timeout exceeded when trying to connect/i.test(message)) return 'BUSY';
    if (code === '55P03' || /lock timeout/i.test(message)) return 'BUSY';
    if (code === '57014') return /statement timeout/i.test(message) ? 'TIMEOUT' : 'CANCELLED';
  }
  return null;
}
