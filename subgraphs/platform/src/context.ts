import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Caller } from './auth/caller.js';
import { Loaders } from './loaders.js';
import { currentScope } from './request-scope.js';

/** What every resolver of a subgraph receives: made fresh for each request. */
export interface RequestContext {
  /** A fork of the entity manager: its identity map lives for this request only. */
  em: EntityManager;
  loaders: Loaders;
  /** Who is calling, from the verified token; `{ kind: 'public' }` without one. */
  caller: Caller;
  /** True when the request carries this subgraph's gateway secret. */
  fromGateway: boolean;
  requestId: string;
  log: Logger;
  /** Aborts when the caller gives up (its running SQL is cancelled; see request-scope.ts). */
  signal: AbortSignal;
}

export function createRequestContext(
  em: EntityManager,
  log: Logger,
  requestId: string,
  caller: Caller,
  fromGateway = false,
  signal: AbortSignal = currentScope()?.signal ?? new AbortController().signal,
): RequestContext {
  return { em: em.fork(), loaders: new Loaders(), caller, fromGateway, requestId, log: log.child({ requestId }), signal };
}
