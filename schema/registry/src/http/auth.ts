import type { IncomingMessage } from 'node:http';
import { bearerToken, secretMatches } from '@cso/platform';
import type { RegistryConfig } from '../config.js';

/**
 * Who calls the registry, from the bearer token: the admin, a gateway (the read token), or one
 * tier's deployment (its publish token). Without any token configured (development) the registry
 * is open; in production every token is required (see registryConfigProblems).
 */
export type Principal = { kind: 'admin' } | { kind: 'read' } | { kind: 'tier'; tier: string } | { kind: 'open' };

export type Permission = 'read' | 'report' | 'admin' | { publish: string };

export function principalOf(req: IncomingMessage, config: RegistryConfig): Principal | null {
  const tokens = config.REGISTRY_PUBLISH_TOKENS ?? {};
  const configured = Boolean(config.REGISTRY_ADMIN_TOKEN || config.REGISTRY_READ_TOKEN || Object.keys(tokens).length);
  if (!configured) return { kind: 'open' };
  const presented = bearerToken(req.headers.authorization);
  if (!presented) return null;
  if (secretMatches(presented, config.REGISTRY_ADMIN_TOKEN)) return { kind: 'admin' };
  if (secretMatches(presented, config.REGISTRY_READ_TOKEN)) return { kind: 'read' };
  for (const [tier, token] of Object.entries(tokens)) if (secretMatches(presented, token)) return { kind: 'tier', tier };
  return null;
}

/** What each principal may do: a tier's token checks and publishes that tier only; gateways read and report. */
export function allows(principal: Principal, permission: Permission): boolean {
  if (principal.kind === 'open' || principal.kind === 'admin') return true;
  if (permission === 'read') return true;
  if (permission === 'report') return principal.kind === 'read';
  if (permission === 'admin') return false;
  return principal.kind === 'tier' && principal.tier === permission.publish;
}

const ACTOR = /^[\w.@:+\- ]{1,100}$/;

/** Who, for the records: the principal, and the person or pipeline the CLI names (`x-registry-actor`). */
export function actorOf(req: IncomingMessage, principal: Principal): string {
  const who = principal.kind === 'tier' ? `${principal.tier}-token` : `${principal.kind}-token`;
  const actor = req.headers['x-registry-actor'];
  return typeof actor === 'string' && ACTOR.test(actor) ? `${actor} (${who})` : who;
}
