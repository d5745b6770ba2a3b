import { generateDevKeyPair, type DevKeyPair } from '@cso/platform';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Tier } from './stack.js';

export interface DevAuth {
  keys: DevKeyPair;
  /** The secret the gateway presents to each subgraph. */
  gatewaySecrets: Record<Tier, string>;
}

async function readOrCreate<T>(path: string, create: () => Promise<T>): Promise<T> {
  if (existsSync(path)) return JSON.parse(await readFile(path, 'utf8')) as T;
  const value = await create();
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  return value;
}

/**
 * Development identity, made on first use under the data folder and kept: the token signing key
 * pair and the gateway's per-subgraph secrets. Never used in production (AUTH_MODE=oidc).
 */
export async function ensureDevAuth(dataDir: string): Promise<DevAuth> {
  const dir = join(dataDir, 'keys');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const keys = await readOrCreate(join(dir, 'dev-signing-key.json'), generateDevKeyPair);
  const gatewaySecrets = await readOrCreate(join(dir, 'gateway-secrets.json'), async () => ({
    district: randomBytes(24).toString('base64url'),
    street: randomBytes(24).toString('base64url'),
    community: randomBytes(24).toString('base64url'),
  }));
  return { keys, gatewaySecrets };
}

/** A throw-away identity for tests and benchmarks. */
export async function ephemeralDevAuth(): Promise<DevAuth> {
  return {
    keys: await generateDevKeyPair(),
    gatewaySecrets: {
      district: randomBytes(24).toString('base64url'),
      street: randomBytes(24).toString('base64url'),
      community: randomBytes(24).toString('base64url'),
    },
  };
}
