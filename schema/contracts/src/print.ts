import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LOCK_PATH, printContracts, readLock, readPublished, SCHEMA_DIR, sha256 } from './published.js';

/**
 * `npm run -w @cso/contracts print` (part of `npm run compose`): writes the published contract
 * files and records new ones in the lock. It refuses to overwrite a published file with other
 * content: a breaking change is a new version.
 */
const lock = readLock();
const refused: string[] = [];
for (const { path, json } of printContracts()) {
  const locked = lock.files[path];
  if (locked && locked !== sha256(json)) {
    refused.push(path);
    continue;
  }
  if (readPublished(path) !== json) {
    mkdirSync(dirname(join(SCHEMA_DIR, path)), { recursive: true });
    writeFileSync(join(SCHEMA_DIR, path), json);
    process.stdout.write(`wrote schema/${path}\n`);
  }
  lock.files[path] = sha256(json);
}
const sorted = {
  files: Object.fromEntries(Object.entries(lock.files).sort(([a], [b]) => a.localeCompare(b))),
  retired: lock.retired,
};
writeFileSync(LOCK_PATH, `${JSON.stringify(sorted, null, 2)}\n`);
if (refused.length) {
  process.stderr.write(
    `Refused: these published contracts would change; keep them and add a new version instead:\n  - ${refused.join('\n  - ')}\n`,
  );
  process.exit(1);
}
