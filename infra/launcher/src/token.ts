import { demoClaims, demoUsers, generateWorld } from '@cso/demo-world';
import { signDevToken } from '@cso/platform';
import { resolve } from 'node:path';
import { ensureDevAuth } from './dev-auth.js';

/**
 * `npm run -s token -- <login>` prints a bearer token for a demo user, signed with the development
 * key under DATA_DIR (the one `npm start` uses). `npm run -s token -- --list` lists the demo users.
 */
const [arg] = process.argv.slice(2);
const dataDir = resolve(process.env.DATA_DIR ?? '.data');
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
process.stdout.write(`${await signDevToken(keys.privateJwk, demoClaims(user), { expiresIn: '12h' })}\n`);
