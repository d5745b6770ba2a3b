import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@cso/platform/testing';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
/** tests/bench/hive/gateway.config.ts: the peer's configuration, kept in the repository. */
export const HIVE_CONFIG = resolve(here, '..', '..', 'bench', 'hive', 'gateway.config.ts');
export const SUPERGRAPH = resolve(here, '..', '..', '..', 'schema', 'supergraph.graphql');

/** The version of an installed package (for the results' header). */
export function versionOf(name: string): string {
  try {
    const main = require.resolve(name);
    for (let dir = dirname(main); dir !== dirname(dir); dir = dirname(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name) return pkg.version ?? '?';
      } catch {
        // not this folder
      }
    }
  } catch {
    // not installed
  }
  return '?';
}

export interface HiveGateway {
  url: string;
  pid: number;
  stop: () => Promise<void>;
}

/**
 * Hive Gateway (`hive-gateway supergraph … --hive-router-runtime`, one process, no workers) over the
 * subgraphs at `subgraphUrls`, with the gateway secrets our gateway sends; resolves once it answers.
 */
export async function startHiveGateway(
  subgraphUrls: Record<string, string>,
  secrets: Record<string, string>,
): Promise<HiveGateway> {
  const bin = join(dirname(require.resolve('@graphql-hive/gateway/package.json')), 'dist', 'bin.js');
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      bin,
      'supergraph',
      SUPERGRAPH,
      '--hive-router-runtime',
      '--config-path',
      HIVE_CONFIG,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--fork',
      '1',
    ],
    {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'production',
        BENCH_SUBGRAPH_URLS: JSON.stringify(subgraphUrls),
        BENCH_GATEWAY_SECRETS: JSON.stringify(secrets),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const url = `http://127.0.0.1:${port}/graphql`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Hive Gateway exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readiness`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Hive Gateway did not become ready in 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
