import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, isExposedError } from './errors.js';

/** Masks anything that is not one of our expected errors: no stack traces or SQL leave the service. */
export function maskError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (isExposedError(code)) {
    const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.Internal },
  };
}
