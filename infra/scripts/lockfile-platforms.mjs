// The npm registry reachable from our machines serves only Linux builds of native packages, so
// `npm install` cannot record other platforms' optional binaries in package-lock.json, and then
// `npm ci` refuses the lockfile ("Missing: @turbo/darwin-64@ from lock file"). This adds a lock
// entry (version, os, cpu; no tarball) for each optional platform package that a locked package
// declares but the lockfile lacks. npm skips them on a platform mismatch without fetching them.
// Run after `npm install` changes the lockfile: `node infra/scripts/lockfile-platforms.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const OS = {
  darwin: 'darwin',
  windows: 'win32',
  win32: 'win32',
  linux: 'linux',
  android: 'android',
  freebsd: 'freebsd',
  openharmony: 'openharmony',
};
const CPU = {
  64: 'x64',
  x64: 'x64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: 'ia32',
  loong64: 'loong64',
  ppc64: 'ppc64',
  riscv64: 'riscv64',
  s390x: 's390x',
};

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const osIndex = parts.findIndex((p) => p in OS);
  if (osIndex < 0) return null;
  const cpu = CPU[parts[osIndex + 1]];
  if (!cpu) return null;
  const libc = parts.slice(osIndex + 2).join('-');
  return {
    os: [OS[parts[osIndex]]],
    cpu: [cpu],
    ...(OS[parts[osIndex]] === 'linux' ? { libc: [/musl/.test(libc) ? 'musl' : 'glibc'] } : {}),
  };
}

let added = 0;
for (const [key, entry] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const target = `node_modules/${dep}`;
    if (lock.packages[target] || lock.packages[`${key}/node_modules/${dep}`]) continue;
    const platform = platformOf(dep);
    if (!platform || !/^\d+\.\d+\.\d+/.test(version)) continue;
    lock.packages[target] = { version, ...platform, ...(entry.dev ? { dev: true } : {}), optional: true };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`added ${added} platform entries\n`);
