import 'reflect-metadata';
import type { MikroORM } from '@mikro-orm/postgresql';
import { IdempotencyKey } from './idempotency.js';
import { projectionOf, readWhenAsked, rowReader, selectList } from './rows.js';
import { platformTestOrm } from './testing/index.js';

let orm: MikroORM;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ orm, stop } = await platformTestOrm('rows'));
  const em = orm.em.fork();
  em.create(IdempotencyKey, {
    caller: 'user-1',
    key: 'k-1',
    fingerprint: 'f',
    createdAt: new Date('2026-11-30T01:02:03.456Z'),
    response: { data: { ok: true } },
  });
  em.create(IdempotencyKey, {
    caller: 'user-2',
    key: 'k-2',
    fingerprint: 'g',
    createdAt: new Date('2026-11-29T00:00:00Z'),
    response: null,
  });
  await em.flush();
});

afterAll(async () => {
  await stop?.();
});

describe('plain rows for read paths', () => {
  it('reads rows as unmanaged objects of the entity, with its property names and types', async () => {
    const em = orm.em.fork();
    const rows = await em
      .getConnection()
      .execute<Record<string, unknown>[]>('select * from idempotency_key order by caller', [], 'all');
    const [first, second] = rows.map(rowReader(em, IdempotencyKey));
    expect(first).toBeInstanceOf(IdempotencyKey);
    expect({ ...first }).toEqual({
      caller: 'user-1',
      key: 'k-1',
      fingerprint: 'f',
      createdAt: new Date('2026-11-30T01:02:03.456Z'),
      committedAt: null,
      response: { data: { ok: true } },
    });
    expect(first!.createdAt).toBeInstanceOf(Date);
    expect(second!.response).toBeNull();
    // Own data properties: MikroORM's setters on the entity's prototype (change tracking) did not run.
    for (const name of ['caller', 'fingerprint', 'createdAt', 'response'])
      expect(Object.getOwnPropertyDescriptor(first, name)).toEqual(expect.objectContaining({ writable: true, enumerable: true }));
    expect(JSON.parse(JSON.stringify(first))).toEqual({
      caller: 'user-1',
      key: 'k-1',
      fingerprint: 'f',
      createdAt: '2026-11-30T01:02:03.456Z',
      committedAt: null,
      response: { data: { ok: true } },
    });
    // Not in the identity map: a write loads its own entity.
    expect(em.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
    const managed = await em.findOneOrFail(IdempotencyKey, { caller: 'user-1', key: 'k-1' });
    expect(managed).not.toBe(first);
  });

  it('leaves a column the statement did not select unset', async () => {
    const em = orm.em.fork();
    const rows = await em
      .getConnection()
      .execute<Record<string, unknown>[]>('select caller, key from idempotency_key order by caller', [], 'all');
    const [row] = rows.map(rowReader(em, IdempotencyKey));
    expect({ ...row }).toEqual({ caller: 'user-1', key: 'k-1' });
    expect(row!.fingerprint).toBeUndefined();
  });

  it('reads an on-demand property only when its field is asked for, and a row that skipped it says so', async () => {
    const em = orm.em.fork();
    readWhenAsked(IdempotencyKey, ['fingerprint', 'response']);
    // Not asked: neither column is selected nor read.
    const none = projectionOf(IdempotencyKey, new Set(['caller', 'key']));
    expect(none).toEqual([]);
    expect(selectList(em, IdempotencyKey, none, 't')).toBe('t."caller", t."key", t."created_at", t."committed_at"');
    const sql = `select ${selectList(em, IdempotencyKey, none)} from idempotency_key order by caller`;
    const rows = await em.getConnection().execute<Record<string, unknown>[]>(sql, [], 'all');
    expect(Object.keys(rows[0]!)).toEqual(['caller', 'key', 'created_at', 'committed_at']);
    const [row] = rows.map(rowReader(em, IdempotencyKey, none));
    expect(row).toBeInstanceOf(IdempotencyKey);
    expect({ ...row }).toEqual({
      caller: 'user-1',
      key: 'k-1',
      createdAt: new Date('2026-11-30T01:02:03.456Z'),
      committedAt: null,
    });
    expect(() => row!.response).toThrow('IdempotencyKey.response was not read');
    expect(JSON.parse(JSON.stringify(row))).toEqual({
      caller: 'user-1',
      key: 'k-1',
      createdAt: '2026-11-30T01:02:03.456Z',
      committedAt: null,
    });

    // Asked: its column is read; the other still is not.
    const one = projectionOf(IdempotencyKey, new Set(['caller', 'response']));
    expect(one).toEqual(['response']);
    const withResponse = await em
      .getConnection()
      .execute<Record<string, unknown>[]>(
        `select ${selectList(em, IdempotencyKey, one)} from idempotency_key order by caller`,
        [],
        'all',
      );
    const [full] = withResponse.map(rowReader(em, IdempotencyKey, one));
    expect(full!.response).toEqual({ data: { ok: true } });
    expect(() => full!.fingerprint).toThrow('IdempotencyKey.fingerprint was not read');

    // No projection: every column, as before.
    expect(selectList(em, IdempotencyKey, undefined)).toBe('*');
    expect(projectionOf(Object as never, new Set(['x']))).toBeUndefined();
  });
});
