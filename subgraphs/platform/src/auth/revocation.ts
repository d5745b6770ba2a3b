import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { clock } from '../clock.js';
import { UnauthenticatedError } from '../errors.js';
import { inBackground } from '../request-scope.js';
import type { SignedInCaller } from './caller.js';
import type { TokenVerifier } from './tokens.js';

/** What a revocation names: one token (its `jti`) or every token of a subject (`sub`). */
export type RevocationKind = 'jti' | 'sub';

/**
 * 吊销 A revoked token or subject, kept by every service that verifies tokens: a token it names is
 * refused (UNAUTHENTICATED, rule TOKEN_REVOKED) even though its signature and expiry are good.
 */
@Entity({ tableName: 'revoked_access' })
@Unique({ properties: ['kind', 'value'] })
@Index({ properties: ['expiresAt'] })
export class RevokedAccess {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  kind!: RevocationKind;

  @Property({ type: 'text' })
  value!: string;

  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  revokedAt!: Date;

  /** No token it names can be valid after this (tokens expire): the entry may then be forgotten. Null: kept. */
  @Property({ type: 'datetime', columnType: 'timestamptz(3)', nullable: true })
  expiresAt!: Date | null;
}

export interface Revocation {
  kind: RevocationKind;
  value: string;
  reason: string;
  revokedAt: Date;
  expiresAt: Date | null;
}

/** Records a revocation in the transaction `tx` (once; a repeated event changes nothing). */
export async function recordRevocation(tx: EntityManager, revocation: Revocation): Promise<void> {
  await tx.execute(
    `insert into revoked_access (id, kind, value, reason, revoked_at, expires_at) values (?, ?, ?, ?, ?, ?) on conflict (kind, value) do nothing`,
    [randomUUID(), revocation.kind, revocation.value, revocation.reason, revocation.revokedAt, revocation.expiresAt],
    'run',
  );
}

/** The revocations still in force, from a service's own table. */
export async function activeRevocations(em: EntityManager): Promise<{ kind: RevocationKind; value: string }[]> {
  return em.execute<{ kind: RevocationKind; value: string }[]>(
    `select kind, value from revoked_access where expires_at is null or expires_at > ?`,
    [clock.now()],
    'all',
  );
}

/**
 * The deny-list a service checks on every token, held in memory and refreshed every `refreshMs`
 * from its source (the service's own table, or for the gateway a subgraph's list over HTTP). A
 * refresh that fails keeps the last list and is retried.
 */
export class RevocationList {
  private jtis = new Set<string>();
  private subjects = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly load: () => Promise<{ kind: RevocationKind; value: string }[]>,
    private readonly log: Logger,
    private readonly refreshMs = 5000,
  ) {}

  async refresh(): Promise<void> {
    try {
      const rows = await inBackground(() => this.load());
      this.jtis = new Set(rows.filter((r) => r.kind === 'jti').map((r) => r.value));
      this.subjects = new Set(rows.filter((r) => r.kind === 'sub').map((r) => r.value));
    } catch (error) {
      this.log.warn({ err: error }, 'could not refresh the revocation list; keeping the last one');
    }
  }

  start(): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  isRevoked(caller: SignedInCaller): boolean {
    return this.subjects.has(caller.sub) || (caller.jti !== undefined && this.jtis.has(caller.jti));
  }
}

/** A verifier that also refuses revoked tokens. */
export function withRevocations(verify: TokenVerifier, list: RevocationList): TokenVerifier {
  return async (token) => {
    const caller = await verify(token);
    if (list.isRevoked(caller)) throw UnauthenticatedError.request('This token was revoked; sign in again (TOKEN_REVOKED)');
    return caller;
  };
}

/** Forgets revocations that no longer matter (background job). */
export const revocationCleanup = {
  name: 'revocation-cleanup',
  async run(orm: MikroORM): Promise<void> {
    await orm.em
      .fork()
      .execute(`delete from revoked_access where expires_at is not null and expires_at < ?`, [clock.now()], 'run');
  },
};
