import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, isExposedError } from './errors.js';
import { databaseTrouble } from './unavailable.js';

/**
 * The extensions a client may see. Everything else (a subgraph's `response` with its URL, status and
 * body, stack traces, `exception`, internal service names) stays on the server, logged with the
 * request id.
 */
const PUBLIC_EXTENSIONS = new Set([
  'code',
  'fields',
  'rule',
  'rules',
  'reason',
  'entity',
  'id',
  'service',
  'retryAfterSeconds',
  'limit',
]);

/** The HTTP status an error of the request itself asked for (Apollo's own 4xx refusals carry one). */
function requestStatus(error: unknown): number | undefined {
  const http = (error as { extensions?: { http?: { status?: unknown } } } | null)?.extensions?.http;
  return typeof http?.status === 'number' ? http.status : undefined;
}

/**
 * Masks anything that is not one of our expected errors: no stack traces, SQL or addresses leave the
 * service. A refusal of the request that Apollo raises without a code (a persisted query whose hash
 * does not match) is the client's mistake: `BAD_REQUEST`, not an internal error.
 */
export function maskError(formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError {
  let code = formatted.extensions?.code;
  const status = requestStatus(error);
  const ownCode = (error as { extensions?: { code?: unknown } } | undefined)?.extensions?.code;
  if (ownCode === undefined && status !== undefined && status >= 400 && status < 500) code = 'BAD_REQUEST';
  if (isExposedError(code)) {
    const extensions = {
      ...Object.fromEntries(Object.entries(formatted.extensions ?? {}).filter(([key]) => PUBLIC_EXTENSIONS.has(key))),
      code,
    };
    // The gateway names the subgraph an error came from; the client sees that name as `service`.
    const serviceName = formatted.extensions?.serviceName;
    if (typeof serviceName === 'string' && !('service' in extensions)) Object.assign(extensions, { service: serviceName });
    return {
      message: formatted.message,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions,
    };
  }
  const trouble = databaseTrouble(error);
  if (trouble) {
    return {
      message:
        trouble === 'TIMEOUT'
          ? 'The database did not answer in time; try again shortly'
          : 'The database is unavailable or busy; try again shortly',
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.Unavailable, reason: trouble === 'TIMEOUT' ? 'TIMEOUT' : 'DATABASE' },
    };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.Internal },
  };
}
