import { demoClaims, demoUsers, generateWorld } from '@cso/demo-world';
import { signDevToken } from '@cso/platform';
import { devRegistryTokens } from '@cso/registry';
import { resolve } from 'node:path';
import { ensureDevAuth } from './dev-auth.js';

/**
 * `npm run -s token -- <login> [--hours N]` prints a bearer token for a demo user (1 hour; at most 12),
 * signed with the development key under DATA_DIR (the one `npm start` uses). `npm run -s token -- --list` lists the demo users;
 * `npm run -s token -- --env` prints the development identity as an env file (the public key, the
 * gateway's secrets and the schema registry's tokens) for services started another way (infra/compose.yaml).
 */
const [arg] = process.argv.slice(2);
const dataDir = resolve(process.env.DATA_DIR ?? '.data');
if (arg === '--env') {
  const { keys, gatewaySecrets } = await ensureDevAuth(dataDir);
  const registry = await devRegistryTokens(dataDir, Object.keys(gatewaySecrets));
  process.stdout.write(
    [
      `AUTH_DEV_PUBLIC_KEY='${JSON.stringify(keys.publicJwk)}'`,
      `DISTRICT_GATEWAY_SECRET=${gatewaySecrets.district}`,
      `STREET_GATEWAY_SECRET=${gatewaySecrets.street}`,
      `COMMUNITY_GATEWAY_SECRET=${gatewaySecrets.community}`,
      `REGISTRY_ADMIN_TOKEN=${registry.admin}`,
      `REGISTRY_READ_TOKEN=${registry.read}`,
      `REGISTRY_PUBLISH_TOKENS='${JSON.stringify(registry.publish)}'`,
      '',
    ].join('\n'),
  );
  process.exit(0);
}
const users = demoUsers(generateWorld(Number(process.env.SEED_SIZE ?? 1)));

if (!arg || arg === '--list' || arg === '--help') {
  const rows = users.map((u) => `  ${u.login.padEnd(20)} ${u.role.padEnd(18)} ${u.name}  ${u.scope}`);
  process.stdout.write(`Demo users (npm run -s token -- <login>):\n${rows.join('\n')}\n`);
  process.exit(arg ? 0 : 1);
}
const user = users.find((u) => u.login === arg);
if (!user) {
  process.stderr.write(`Unknown login ${JSON.stringify(arg)}; one of: ${users.map((u) => u.login).join(', ')}\n`);
  process.exit(2);
}
const { keys } = await ensureDevAuth(dataDir);
// Development tokens are short-lived (the IDE renews its own); --hours N (at most 12) for a longer session.
const hoursAt = process.argv.indexOf('--hours');
const hours = hoursAt > 0 ? Math.min(12, Math.max(1, Number(process.argv[hoursAt + 1]) || 1)) : 1;
process.stdout.write(`${await signDevToken(keys.privateJwk, demoClaims(user), { expiresIn: `${hours}h` })}\n`);
