import { createLogger, PgBossBus } from '@cso/platform';
import { TIERS } from './stack.js';

/**
 * Operator tool for the event bus: `npm run -s events -- dead-letters [tier]` lists the events a tier
 * gave up on after its retries; `npm run -s events -- replay <tier> [id ...]` puts them (or all) back
 * into their queues once the cause is fixed. BUS_DATABASE_URL defaults to the embedded `npm start` bus.
 */
const [command, tierArg, ...ids] = process.argv.slice(2);
const url =
  process.env.BUS_DATABASE_URL ?? `postgres://postgres:postgres@127.0.0.1:${process.env.EMBEDDED_PG_PORT ?? 54329}/cso_bus`;
const usage = 'usage: npm run -s events -- dead-letters [district|street|community] | replay <tier> [id ...]';

if (command !== 'dead-letters' && command !== 'replay') {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}
const tiers = tierArg ? [tierArg] : [...TIERS];
if (tiers.some((t) => !(TIERS as readonly string[]).includes(t)) || (command === 'replay' && !tierArg)) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}
const bus = new PgBossBus(url, createLogger('events', 'warn'));
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
