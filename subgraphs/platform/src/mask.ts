import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, isExposedError } from './errors.js';

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

/** Masks anything that is not one of our expected errors: no stack traces, SQL or addresses leave the service. */
export function maskError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (isExposedError(code)) {
    const extensions = Object.fromEntries(
      Object.entries(formatted.extensions ?? {}).filter(([key]) => PUBLIC_EXTENSIONS.has(key)),
    );
    return {
      message: formatted.message,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions,
    };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.Internal },
  };
}
