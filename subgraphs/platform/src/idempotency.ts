import 'reflect-metadata';
import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestContextResponseForOperation } from '@apollo/server';
import type { EventSubscriber, TransactionEventArgs } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Caller } from './auth/caller.js';
import { clock } from './clock.js';
import { ErrorCode } from './errors.js';
import { currentScope } from './request-scope.js';

/** The header a client sends with a mutation it may retry (`Idempotency-Key: <1 to 200 characters>`). */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/**
 * 幂等键 One idempotency key of one caller: what was asked (a fingerprint of the operation and its
 * variables), whether its effect committed (set inside the mutation's own transaction), and the
 * answer to give a retry.
 */
@Entity({ tableName: 'idempotency_key' })
export class IdempotencyKey {
  @PrimaryKey({ type: 'text' })
  caller!: string;

  @PrimaryKey({ type: 'text' })
  key!: string;

  @Property({ type: 'text' })
  fingerprint!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  createdAt!: Date;

  /** Set in the same transaction as the mutation's effect: the effect happened. */
  @Property({ type: 'datetime', columnType: 'timestamptz(3)', nullable: true })
  committedAt: Date | null = null;

  /** The answer of the first request, returned to every retry. */
  @Property({ type: 'jsonb', nullable: true })
  response: Record<string, unknown> | null = null;
}

interface Reservation {
  caller: string;
  key: string;
}

const KEY = /^[\w.:-]{1,200}$/;
/** A reservation that never committed is taken over by a retry after this long (its first try died). */
const STALE_RESERVATION_MS = 30_000;

/** The answer to a retry that may not run: a CONFLICT for the mutation, with nothing executed. */
function conflict(
  context: GraphQLRequestContextResponseForOperation<{ caller: Caller; log: Logger }>,
  message: string,
  reason: string,
) {
  return {
    http: context.response.http,
    body: {
      kind: 'single' as const,
      singleResult: { data: null, errors: [{ message, extensions: { code: ErrorCode.Conflict, reason } }] },
    },
  };
}

function fingerprintOf(request: {
  query?: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}): string {
  return createHash('sha256')
    .update(JSON.stringify([request.query ?? '', request.operationName ?? null, request.variables ?? null]))
    .digest('hex');
}

/**
 * Marks the reservation of the request being served as committed, inside the transaction that
 * commits the mutation's effect: a crash after it leaves "applied", a crash before it "not applied".
 */
export class IdempotencySubscriber implements EventSubscriber {
  async beforeTransactionCommit(args: TransactionEventArgs): Promise<void> {
    const reservation = currentScope()?.idempotency;
    if (!reservation || !args.transaction) return;
    await args.em
      .getConnection()
      .execute(
        `update idempotency_key set committed_at = ? where caller = ? and key = ?`,
        [clock.now(), reservation.caller, reservation.key],
        'run',
        args.transaction,
      );
  }
}

/**
 * Safe retries of mutations: a request with an `Idempotency-Key` header runs once per caller and key.
 * A retry with the same operation and variables gets the first answer and causes no second effect; the
 * same key with other input is a CONFLICT (`IDEMPOTENCY_KEY_REUSED`); a retry while the first is still
 * running is a CONFLICT (`IDEMPOTENCY_IN_PROGRESS`, retry later). A first try that failed leaves no
 * trace, so it may simply be sent again. Queries ignore the key.
 */
export function idempotencyPlugin<T extends { caller: Caller; log: Logger }>(orm: MikroORM): ApolloServerPlugin<T> {
  return {
    async requestDidStart({ request }) {
      const header = request.http?.headers.get(IDEMPOTENCY_HEADER);
      if (!header) return;
      let reservation: Reservation | null = null;
      return {
        async responseForOperation(context: GraphQLRequestContextResponseForOperation<T>) {
          if (context.operation.operation !== 'mutation') return null;
          if (!KEY.test(header)) {
            context.response.http.status = 400;
            return {
              http: context.response.http,
              body: {
                kind: 'single' as const,
                singleResult: {
                  errors: [
                    {
                      message: 'Idempotency-Key must be 1 to 200 letters, digits or . : _ -',
                      extensions: {
                        code: ErrorCode.InvalidInput,
                        fields: [{ field: 'Idempotency-Key', code: 'FORMAT', message: 'is not a valid key' }],
                      },
                    },
                  ],
                },
              },
            };
          }
          const caller = context.contextValue.caller.kind === 'user' ? `sub:${context.contextValue.caller.sub}` : 'public';
          const fingerprint = fingerprintOf(context.request);
          const em = orm.em.fork();
          const now = clock.now();
          const taken = await em.execute<{ key: string }[]>(
            `insert into idempotency_key (caller, key, fingerprint, created_at) values (?, ?, ?, ?)
             on conflict (caller, key) do update set fingerprint = excluded.fingerprint, created_at = excluded.created_at
               where idempotency_key.committed_at is null and idempotency_key.response is null and idempotency_key.created_at < ?
             returning key`,
            [caller, header, fingerprint, now, new Date(now.getTime() - STALE_RESERVATION_MS)],
            'all',
          );
          if (taken.length) {
            reservation = { caller, key: header };
            const scope = currentScope();
            if (scope) scope.idempotency = reservation;
            return null;
          }
          const [row] = await em.execute<
            { fingerprint: string; committed_at: Date | null; response: Record<string, unknown> | null }[]
          >(
            `select fingerprint, committed_at, response from idempotency_key where caller = ? and key = ?`,
            [caller, header],
            'all',
          );
          if (!row || row.fingerprint !== fingerprint)
            return conflict(context, 'This Idempotency-Key was used for another request', 'IDEMPOTENCY_KEY_REUSED');
          if (row.response) {
            context.contextValue.log.info({ idempotencyKey: header }, 'idempotent retry: the first answer is returned');
            return { http: context.response.http, body: { kind: 'single', singleResult: row.response } };
          }
          if (row.committed_at)
            return conflict(
              context,
              'The first request with this Idempotency-Key was applied; its answer is not available',
              'IDEMPOTENCY_ALREADY_APPLIED',
            );
          return conflict(
            context,
            'The first request with this Idempotency-Key is still running; retry shortly',
            'IDEMPOTENCY_IN_PROGRESS',
          );
        },
        async willSendResponse({ response, contextValue }) {
          if (!reservation || response.body.kind !== 'single') return;
          const { caller, key } = reservation;
          const result = response.body.singleResult;
          const em = orm.em.fork();
          try {
            // A mutation that failed changed nothing (its transaction rolled back): forget the key, so a retry runs again.
            if (result.errors?.length && result.data == null)
              await em.execute(
                `delete from idempotency_key where caller = ? and key = ? and committed_at is null`,
                [caller, key],
                'run',
              );
            else
              await em.execute(
                `update idempotency_key set response = ? where caller = ? and key = ?`,
                [JSON.stringify(result), caller, key],
                'run',
              );
          } catch (error) {
            contextValue.log.warn({ err: error, idempotencyKey: key }, 'could not record the answer of an idempotent request');
          }
        },
      };
    },
  };
}

/** Forgets keys older than their time to live (a background job of every service). */
export function idempotencyCleanup(ttlHours: number) {
  return {
    name: 'idempotency-cleanup',
    async run(orm: MikroORM): Promise<void> {
      await orm.em
        .fork()
        .execute(
          `delete from idempotency_key where created_at < ?`,
          [new Date(clock.now().getTime() - ttlHours * 3_600_000)],
          'run',
        );
    },
  };
}
