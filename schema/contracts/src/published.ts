import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { EVENT_CONTRACTS } from './events/index.js';
import { POLICY_DEFAULTS, policyValues } from './policies.js';
import { callerClaims, ROLES, ROLES_VERSION, SCOPE_CLAIM } from './roles/v1.js';

/**
 * The published form of the contracts: one JSON document per event type and version
 * (`schema/events/<type>.v<N>.json`), the roles and the policy values (`schema/contracts/published/*.json`).
 * Consumers outside this repository read these files. A published file never changes: its
 * checksum is locked in `schema/contracts/published/lock.json`, and a test fails when a file
 * differs from its lock. A breaking change is a new version (a new file) beside the old one.
 */

/** The `schema/` folder: events/ and contracts/ live in it. */
export const SCHEMA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const LOCK_PATH = join(SCHEMA_DIR, 'contracts', 'published', 'lock.json');

export interface PublishedFile {
  /** Relative to schema/, e.g. `events/street.filing-progressed.v1.json`. */
  path: string;
  json: string;
}

const pretty = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export function printContracts(): PublishedFile[] {
  const events = EVENT_CONTRACTS.map((c) => ({
    path: `events/${c.type}.v${c.version}.json`,
    json: pretty({
      $id: `cso:event:${c.type}:v${c.version}`,
      title: `${c.type} v${c.version}`,
      description: c.description,
      consumers: c.consumers,
      envelope: { id: 'uuid', type: c.type, version: c.version, producer: 'tier name', occurredAt: 'ISO 8601' },
      payload: z.toJSONSchema(c.payload),
    }),
  }));
  const roles = {
    path: `contracts/published/roles.v${ROLES_VERSION}.json`,
    json: pretty({
      $id: `cso:roles:v${ROLES_VERSION}`,
      title: `roles and scope claims v${ROLES_VERSION}`,
      description:
        'The roles a bearer token may carry, the scope claim each role must carry, and the claims schema every service verifies.',
      roles: ROLES,
      scopeClaim: SCOPE_CLAIM,
      claims: z.toJSONSchema(callerClaims, { io: 'input' }),
    }),
  };
  const policies = {
    path: 'contracts/published/policies.v1.json',
    json: pretty({
      $id: 'cso:policies:v1',
      title: 'district policy values v1',
      description:
        'The district association’s policy values with their ranges and defaults; carried by district.policies-updated.',
      defaults: POLICY_DEFAULTS,
      values: z.toJSONSchema(policyValues),
    }),
  };
  return [...events, roles, policies];
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface PublishedLock {
  /** path → sha256 of every published file. */
  files: Record<string, string>;
  /** Files of versions no producer sends any more; they may be deleted. */
  retired: string[];
}

export function readLock(): PublishedLock {
  if (!existsSync(LOCK_PATH)) return { files: {}, retired: [] };
  return JSON.parse(readFileSync(LOCK_PATH, 'utf8')) as PublishedLock;
}

export function readPublished(path: string): string | null {
  const full = join(SCHEMA_DIR, path);
  return existsSync(full) ? readFileSync(full, 'utf8') : null;
}

/**
 * What is wrong between the code, the files and the lock: a printed file that differs from the
 * committed one, a committed file that differs from its locked checksum (a published version was
 * changed), a locked file that is gone without being retired, a file that was never locked.
 */
export function publicationProblems(files = printContracts(), lock = readLock()): string[] {
  const problems: string[] = [];
  for (const { path, json } of files) {
    const committed = readPublished(path);
    if (committed === null) problems.push(`${path}: not written (run npm run compose)`);
    else if (committed !== json)
      problems.push(
        `${path}: differs from the code (run npm run compose; a published version never changes: make a new version)`,
      );
    if (!lock.files[path])
      problems.push(`${path}: not in ${relative(SCHEMA_DIR, LOCK_PATH)} (run npm run compose to publish it)`);
    else if (sha256(json) !== lock.files[path])
      problems.push(`${path}: published with another content; a published contract never changes: make a new version`);
  }
  const printed = new Set(files.map((f) => f.path));
  for (const [path, hash] of Object.entries(lock.files)) {
    if (lock.retired.includes(path)) continue;
    const committed = readPublished(path);
    if (committed === null) problems.push(`${path}: published but deleted (retire it in the lock once no producer sends it)`);
    else if (sha256(committed) !== hash) problems.push(`${path}: changed after publication`);
    else if (!printed.has(path))
      problems.push(`${path}: published but no longer in the code (retire it in the lock once no producer sends it)`);
  }
  return problems;
}

/** A contract as a tier's build names it: what its events manifest lists. */
interface ContractRef {
  type: string;
  version: number;
}

/**
 * A tier's events manifest (`schema/subgraphs/<tier>.events.json`): the contract versions its build produces and
 * consumes, each once, with the checksum of its published file (null when it is not published). The schema
 * registry checks them when the tier publishes.
 */
export function eventsManifest(service: string, produces: readonly ContractRef[], consumes: readonly ContractRef[]): string {
  const published = new Map(printContracts().map((f) => [f.path, sha256(f.json)]));
  const refs = (contracts: readonly ContractRef[]) =>
    [...new Map(contracts.map((c) => [`${c.type}.v${c.version}`, c])).values()]
      .map((c) => ({ type: c.type, version: c.version, checksum: published.get(`events/${c.type}.v${c.version}.json`) ?? null }))
      .sort((a, b) => a.type.localeCompare(b.type) || a.version - b.version);
  return pretty({ service, produces: refs(produces), consumes: refs(consumes) });
}

/**
 * What each tier's `npm run sdl` does: with a file named on the command line, writes the SDL there and the events
 * manifest beside it (`<tier>.graphql`, `<tier>.events.json`); otherwise prints the SDL, or with `--events` the
 * manifest.
 */
export function writeSubgraphArtifacts(sdl: string, manifest: string, args: readonly string[] = process.argv.slice(2)): void {
  const target = args.find((a) => !a.startsWith('--'));
  if (!target) {
    process.stdout.write(args.includes('--events') ? manifest : sdl);
    return;
  }
  mkdirSync(dirname(resolve(target)), { recursive: true });
  writeFileSync(resolve(target), sdl);
  const eventsTarget = target.replace(/(\.graphql)?$/, '.events.json');
  writeFileSync(resolve(eventsTarget), manifest);
  process.stdout.write(`wrote ${target} and ${eventsTarget}\n`);
}
