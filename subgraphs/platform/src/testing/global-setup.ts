import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedServer } from '../embedded-postgres.js';

declare global {
  var __csoTestPostgres: { server: EmbeddedServer | null; users: number } | undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * jest global set-up of every package: one PostgreSQL for the whole run, the server at
 * DATABASE_URL when given, otherwise a throw-away embedded server. When several packages run in one
 * jest (the root `npm test`), the first set-up starts it and the others share it.
 */
export default async function globalSetup(): Promise<void> {
  const shared = (globalThis.__csoTestPostgres ??= { server: null, users: 0 });
  shared.users += 1;
  if (process.env.CSO_TEST_PG_URL) return;
  if (process.env.DATABASE_URL) {
    process.env.CSO_TEST_PG_URL = process.env.DATABASE_URL;
    return;
  }
  const dataDir = join(tmpdir(), `cso-test-pg-${randomBytes(4).toString('hex')}`);
  shared.server = await startEmbeddedPostgres({ dataDir, port: await freePort(), ephemeral: true });
  process.env.CSO_TEST_PG_URL = shared.server.serverUrl;
}
