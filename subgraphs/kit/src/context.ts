import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Loaders } from './loaders.js';

/** Who is calling. Until sign-in exists every caller is the public. */
export interface Caller {
  role: 'PUBLIC';
}

export const PUBLIC_CALLER: Caller = { role: 'PUBLIC' };

/** What every resolver of a subgraph receives: made fresh for each request. */
export interface RequestContext {
  /** A fork of the entity manager: its identity map lives for this request only. */
  em: EntityManager;
  loaders: Loaders;
  caller: Caller;
  requestId: string;
  log: Logger;
}

export function createRequestContext(em: EntityManager, log: Logger, requestId: string, caller: Caller): RequestContext {
  return { em: em.fork(), loaders: new Loaders(), caller, requestId, log: log.child({ requestId }) };
}
