import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The global set-up runs outside jest's module system, so it loads the built launcher.
import { startEmbeddedPostgres, type EmbeddedServer } from '../../../infra/dist/postgres.js';

declare global {
  var __csoTestPostgres: EmbeddedServer | undefined;
}

function freePort(): Promise<number> {
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
 * One PostgreSQL for the whole test run: the server at DATABASE_URL when given, otherwise a
 * throw-away embedded server. Test files create their own databases on it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.CSO_TEST_PG_URL = process.env.DATABASE_URL;
    return;
  }
  const dataDir = join(tmpdir(), `cso-test-pg-${randomBytes(4).toString('hex')}`);
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), ephemeral: true });
  globalThis.__csoTestPostgres = server;
  process.env.CSO_TEST_PG_URL = server.serverUrl;
}
