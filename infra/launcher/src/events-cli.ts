import { createLogger, createOrm, OutboxEvent, parkedEvents, PgBossBus, replayParked, withDatabase } from '@cso/platform';
import { TIERS, type Tier } from './stack.js';

/**
 * Operator tool for the events between tiers.
 * - `dead-letters [tier]`: events a tier's consumer gave up on after its retries (in the bus);
 *   `replay <tier> [job-id ...]` puts them (or all) back into their queues once the cause is fixed.
 * - `parked [tier]`: events a tier's relay set aside in its outbox (no contract in the running build, a
 *   payload its contract refuses, too many failed deliveries); `replay-parked <tier> [event-id ...]`
 *   puts them (or all) back in line.
 * The databases default to the embedded `npm start` ones; BUS_DATABASE_URL and <TIER>_DATABASE_URL
 * (or DATABASE_URL, a server on which each tier has cso_<tier>) name others.
 */
const [command, tierArg, ...ids] = process.argv.slice(2);
const embedded = `postgres://postgres:postgres@127.0.0.1:${process.env.EMBEDDED_PG_PORT ?? 54329}`;
const busUrl = process.env.BUS_DATABASE_URL ?? withDatabase(process.env.DATABASE_URL ?? embedded, 'cso_bus');
const tierUrl = (tier: Tier) =>
  process.env[`${tier.toUpperCase()}_DATABASE_URL`] ?? withDatabase(process.env.DATABASE_URL ?? embedded, `cso_${tier}`);
const usage =
  'usage: npm run -s events -- dead-letters [tier] | replay <tier> [job-id ...] | parked [tier] | replay-parked <tier> [event-id ...]   (tier: district, street or community)';

const commands = ['dead-letters', 'replay', 'parked', 'replay-parked'];
const tiers = (tierArg ? [tierArg] : [...TIERS]) as Tier[];
if (
  !commands.includes(command ?? '') ||
  tiers.some((t) => !(TIERS as readonly string[]).includes(t)) ||
  (command?.startsWith('replay') && !tierArg)
) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}
const log = createLogger('events', 'warn');

if (command === 'dead-letters' || command === 'replay') {
  const bus = new PgBossBus(busUrl, log);
  await bus.start();
  try {
    if (command === 'dead-letters') {
      for (const tier of tiers) {
        for (const letter of await bus.deadLetters(tier, 1000)) {
          const { envelope } = letter;
          process.stdout.write(
            `${tier}\t${letter.id}\t${letter.deadLetteredAt.toISOString()}\t${envelope.type} v${envelope.version}\tevent ${envelope.id}\t${JSON.stringify(envelope.payload)}\n`,
          );
        }
      }
    } else {
      const moved = await bus.replay(tierArg!, ids.length ? ids : undefined);
      process.stdout.write(`${moved} event(s) put back into ${tierArg}'s queues\n`);
    }
  } finally {
    await bus.stop();
  }
} else {
  for (const tier of tiers) {
    const orm = await createOrm({ clientUrl: tierUrl(tier), entities: [OutboxEvent], migrations: [], poolMax: 1, log });
    try {
      if (command === 'parked') {
        for (const event of await parkedEvents(orm.em.fork())) {
          process.stdout.write(
            `${tier}\t${event.id}\t${event.parkedAt.toISOString()}\t${event.type} v${event.version}\t${event.reason}\t${JSON.stringify(event.payload)}\n`,
          );
        }
      } else {
        const moved = await replayParked(orm.em.fork(), ids.length ? ids : undefined);
        process.stdout.write(`${moved} parked event(s) of ${tier} put back in line for the relay\n`);
      }
    } finally {
      await orm.close(true);
    }
  }
}
