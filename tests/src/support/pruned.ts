import { execFile, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateDevKeyPair, type ServiceReadyMessage } from '@cso/platform';

const run = promisify(execFile);
export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const TIER_DIRS = ['subgraphs/district', 'subgraphs/street', 'subgraphs/community'];

export interface Deployable {
  /** Package name, e.g. @cso/street. */
  pkg: string;
  /** Its folder in the repository, e.g. subgraphs/street. */
  dir: string;
  /** Files of the repository the image adds besides the packages (the gateway's default supergraph). */
  extraFiles?: string[];
  /** Other package folders whose package.json and dist the image copies (the gateway's workbench). */
  packages?: string[];
  /** The shared packages the image copies (default: the platform and the contracts; the registry needs no contracts). */
  shared?: string[];
}

const SHARED = ['subgraphs/platform', 'schema/contracts'];

const npm = (args: string[], cwd: string) =>
  run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, maxBuffer: 64 * 2 ** 20 });

/**
 * What infra/docker/<service>.Dockerfile does, without Docker: `turbo prune --docker`, install from
 * the pruned lockfile, build the package, drop development dependencies, then assemble the runtime
 * folder from exactly what the image's last stage copies. Returns the pruned tree and the runtime.
 */
export async function prunedBuild(
  target: Deployable,
): Promise<{ pruned: string; runtime: string; cleanup: () => Promise<void> }> {
  const work = join(tmpdir(), `cso-prune-${target.dir.replace(/\W/g, '-')}-${randomBytes(3).toString('hex')}`);
  const out = join(work, 'out');
  await run(join(REPO, 'node_modules', '.bin', 'turbo'), ['prune', target.pkg, '--docker', '--out-dir', out], { cwd: REPO });
  const app = join(work, 'app');
  await mkdir(app, { recursive: true });
  await cp(join(out, 'json'), app, { recursive: true });
  // The image's cache of the registry is the machine's: nothing is fetched twice.
  await npm(['ci', '--prefer-offline'], app);
  await cp(join(out, 'full'), app, { recursive: true });
  // The repository's build cache serves the pruned tree too (same inputs, same outputs): only what differs is rebuilt.
  await run(
    join(app, 'node_modules', '.bin', 'turbo'),
    ['run', 'build', `--filter=${target.pkg}`, '--output-logs=errors-only', `--cache-dir=${join(REPO, '.turbo', 'cache')}`],
    { cwd: app },
  );
  await npm(['prune', '--omit=dev', '--prefer-offline'], app);
  // npm links every workspace of the tree, development-only ones too: drop the links to packages the image leaves out.
  const shared = target.shared ?? SHARED;
  const kept = [...shared, target.dir].flatMap((dir) => ['!', '-name', dir.split('/').at(-1)!]);
  await run('find', ['node_modules/@cso', '-maxdepth', '1', '-type', 'l', ...kept, '-delete'], { cwd: app });
  const runtime = join(work, 'run');
  const packages = [...shared, target.dir, ...(target.packages ?? [])];
  // npm nests a package's dependency under its own folder when another version is hoisted (the gateway's
  // @apollo/gateway pins OpenTelemetry 1.x, the platform uses 2.x): the image copies each package's node_modules too.
  for (const dir of packages) await mkdir(join(app, dir, 'node_modules'), { recursive: true });
  const copies = [
    'package.json',
    'node_modules',
    ...packages.flatMap((dir) => [`${dir}/package.json`, `${dir}/dist`, `${dir}/node_modules`]),
  ];
  for (const path of copies) await cp(join(app, path), join(runtime, path), { recursive: true, verbatimSymlinks: true });
  for (const path of target.extraFiles ?? []) await cp(join(REPO, path), join(runtime, path));
  return { pruned: join(out, 'full'), runtime, cleanup: () => rm(work, { recursive: true, force: true }) };
}

/** The tier folders a pruned tree holds, and whether its lockfile names any other tier. */
export async function tiersIn(pruned: string): Promise<{ dirs: string[]; lockfileTiers: string[] }> {
  const dirs: string[] = [];
  for (const dir of TIER_DIRS) {
    if (
      await readdir(join(pruned, dir))
        .then(() => true)
        .catch(() => false)
    )
      dirs.push(dir);
  }
  // turbo keeps the root entry's list of workspace folders as it was; the packages are what counts.
  const lock = JSON.parse(await readFile(join(pruned, '..', 'json', 'package-lock.json'), 'utf8')) as {
    packages: Record<string, unknown>;
  };
  const lockfileTiers = ['district', 'street', 'community'].filter(
    (t) => `subgraphs/${t}` in lock.packages || `node_modules/@cso/${t}` in lock.packages,
  );
  return { dirs, lockfileTiers };
}

/** The packages of the project a runtime folder can load. */
export async function projectPackages(runtime: string): Promise<string[]> {
  const dir = join(runtime, 'node_modules', '@cso');
  // npm keeps every workspace's link after `npm prune --omit=dev` (development-only ones too, such as
  // @cso/tsconfig); a link whose package the image did not copy points nowhere and loads nothing.
  const names = await readdir(dir);
  const loadable = await Promise.all(
    names.map((name) =>
      stat(join(dir, name, 'package.json')).then(
        () => true,
        () => false,
      ),
    ),
  );
  return names.filter((_, i) => loadable[i]).sort();
}

/** Starts the built entry point of the runtime folder as its own process and waits until it serves. */
export async function startBuilt(
  runtime: string,
  dir: string,
  env: Record<string, string>,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = fork(join(runtime, dir, 'dist', 'main.js'), [], {
    cwd: runtime,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = await new Promise<ServiceReadyMessage>((resolve, reject) => {
    child.on('message', (m: ServiceReadyMessage) => m?.type === 'ready' && resolve(m));
    child.once('exit', (code) => reject(new Error(`${dir} exited (${code}) before it was ready:\n${stderr}`)));
  });
  return {
    url: ready.url,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function devIdentity(): Promise<Record<string, string>> {
  const keys = await generateDevKeyPair();
  return { AUTH_MODE: 'dev', AUTH_DEV_PUBLIC_KEY: JSON.stringify(keys.publicJwk), NODE_ENV: 'development' };
}
