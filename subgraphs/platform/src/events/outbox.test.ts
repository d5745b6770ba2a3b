import 'reflect-metadata';
import type { MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { createLogger } from '../logger.js';
import { platformTestOrm } from '../testing/index.js';
import type { EventBus } from './bus.js';
import { defineEvent, type EventContract, type EventEnvelope } from './contract.js';
import { emitEvent, OutboxRelay } from './outbox.js';
import { OutboxCommitSubscriber } from './outbox-wake.js';

/**
 * The relay's timing: it polls quickly while there is work, ever more slowly while there is none
 * (an idle service barely touches its database), and a commit of outbox rows in its own process
 * wakes it at once, so that slow idle polling delays no event.
 */
const Noted = defineEvent({
  type: 'test.noted',
  version: 1,
  description: 'a test event',
  payload: z.object({ n: z.number() }),
  consumers: ['elsewhere'],
}) as EventContract<unknown>;

/** A bus that keeps what it is given. */
function memoryBus(): EventBus & { delivered: EventEnvelope[] } {
  const delivered: EventEnvelope[] = [];
  return {
    delivered,
    connected: true,
    start: async () => undefined,
    stop: async () => undefined,
    route: async () => undefined,
    deliver: async (_contract, envelopes) => void delivered.push(...envelopes),
    consume: async () => undefined,
    deadLetters: async () => [],
    replay: async () => 0,
  };
}

let orm: MikroORM;
let stop: (() => Promise<void>) | undefined;
const statements: string[] = [];
const log = createLogger('test', 'silent');

beforeAll(async () => {
  ({ orm, stop } = await platformTestOrm('outbox', { poolMax: 4, onQuery: (sql) => statements.push(sql) }));
});

afterAll(async () => {
  await stop?.();
});

const claims = () => statements.filter((s) => s.includes('from outbox o')).length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(ok: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!ok()) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(5);
  }
  return Date.now() - started;
}

it('polls ever more slowly while idle, and a commit in this process wakes it at once', async () => {
  const bus = memoryBus();
  const relay = new OutboxRelay(orm, bus, 'test', [Noted], log, { intervalMs: 20, idleIntervalMs: 5000 });
  orm.em.getEventManager().registerSubscriber(new OutboxCommitSubscriber(() => relay.wake()));
  relay.start();
  try {
    // Idle: looks 20, 40, 80, … ms apart, at 0.02, 0.06, 0.14, 0.3, 0.62, 1.26, 2.54 and 5.1 s: 7 in
    // 3 s (150 at a steady 20 ms).
    const before = claims();
    await sleep(3000);
    const idleLooks = claims() - before;
    expect(idleLooks).toBeGreaterThanOrEqual(4);
    expect(idleLooks).toBeLessThanOrEqual(12);

    // The next look is two seconds away; a committed event goes out long before that.
    await orm.em.fork().transactional(async (tx) => {
      emitEvent(tx, Noted, { n: 1 });
    });
    const took = await until(() => bus.delivered.length === 1, 2000);
    expect(took).toBeLessThan(500);
    expect(bus.delivered[0]!.payload).toEqual({ n: 1 });

    // A rolled-back transaction wakes nothing and publishes nothing.
    await expect(
      orm.em.fork().transactional(async (tx) => {
        emitEvent(tx, Noted, { n: 2 });
        await tx.flush();
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await sleep(300);
    expect(bus.delivered).toHaveLength(1);
  } finally {
    await relay.stop();
  }
});

it('publishes rows written without the ORM at its next look, however idle', async () => {
  const bus = memoryBus();
  const relay = new OutboxRelay(orm, bus, 'test', [Noted], log, { intervalMs: 20, idleIntervalMs: 300 });
  relay.start();
  try {
    await sleep(700);
    await orm.em
      .fork()
      .execute(
        `insert into outbox (id, type, version, payload, aggregate) values (gen_random_uuid(), 'test.noted', 1, '{"n": 3}', 'x')`,
        [],
        'run',
      );
    await until(() => bus.delivered.length === 1, 1500);
  } finally {
    await relay.stop();
  }
});
