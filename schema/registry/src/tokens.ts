import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The registry's credentials: the admin's, the gateways' (read) and one publish token per tier. */
export interface RegistryTokens {
  admin: string;
  read: string;
  publish: Record<string, string>;
}

const token = () => randomBytes(24).toString('base64url');

/** Fresh tokens (tests, or a first start). */
export function newRegistryTokens(tiers: readonly string[]): RegistryTokens {
  return { admin: token(), read: token(), publish: Object.fromEntries(tiers.map((t) => [t, token()])) };
}

/**
 * Development tokens, made on first use under `$DATA_DIR/keys/registry-tokens.json` (mode 0600) and
 * kept, like the gateway's secrets: `npm start` gives them to the registry and the gateway, and
 * `npm run schema` reads them when REGISTRY_TOKEN is not set. Never used in production.
 */
export async function devRegistryTokens(dataDir: string, tiers: readonly string[]): Promise<RegistryTokens> {
  const dir = join(dataDir, 'keys');
  const path = join(dir, 'registry-tokens.json');
  if (existsSync(path)) {
    const tokens = JSON.parse(await readFile(path, 'utf8')) as RegistryTokens;
    if (tiers.every((t) => tokens.publish[t])) return tokens;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tokens = newRegistryTokens(tiers);
  await writeFile(path, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  return tokens;
}

/** The registry service's environment for these tokens. */
export function registryTokenEnv(tokens: RegistryTokens): Record<string, string> {
  return {
    REGISTRY_ADMIN_TOKEN: tokens.admin,
    REGISTRY_READ_TOKEN: tokens.read,
    REGISTRY_PUBLISH_TOKENS: JSON.stringify(tokens.publish),
  };
}
