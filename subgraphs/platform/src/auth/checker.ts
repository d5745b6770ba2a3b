import type { AuthChecker } from 'type-graphql';
import type { RequestContext } from '../context.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';

/**
 * `@Authorized()` means "signed in"; `@Authorized('ROLE', ...)` means one of those roles.
 * Fields without it are public. Refusals carry our codes, not type-graphql's own errors.
 */
export const authChecker: AuthChecker<RequestContext> = ({ context, info }, roles) => {
  const { caller } = context;
  if (caller.kind !== 'user') throw new UnauthenticatedError(`Sign in to read ${info.parentType.name}.${info.fieldName}`);
  if (roles.length && !roles.includes(caller.role)) {
    throw new ForbiddenError(`${info.parentType.name}.${info.fieldName} is not available to ${caller.role}`, 'ROLE');
  }
  return true;
};
