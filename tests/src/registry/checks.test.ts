import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readCommittedProposals } from '@cso/registry';
import { eventually } from '../support/processes.js';
import { REPO } from '../support/pruned.js';
import { startTestStack, type TestStack } from '../support/stack.js';

/**
 * Schema checks through the running federation: the gateway records the operations clients send
 * (with their client name and version) and reports them to the registry; `npm run schema -- check`
 * and `publish` (the CLI itself) refuse a street SDL that would break a recorded operation and name
 * it, pass a breaking change nobody uses, refuse an SDL that does not compose and an event contract
 * that a consumer still reads; a publish that passes becomes the launch the gateway serves.
 */
const run = promisify(execFile);
const CLI = join(REPO, 'schema', 'registry', 'dist', 'cli.js');
const STREET_CODES = 'query StreetCodes { districts { name streets { name code } } }';

let t: TestStack;
let dir: string;
let streetSdl: string;
let streetEvents: string;

/** `npm run schema -- <args>` against the test's registry, with the street's publish token. */
async function schema(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      env: {
        PATH: process.env.PATH,
        REGISTRY_URL: t.registry!.url,
        REGISTRY_TOKEN: t.registry!.tokens.publish.street,
        REGISTRY_ACTOR: 'street-ci',
      },
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/** A street SDL file: the committed one, changed. */
async function streetFile(name: string, change: (sdl: string) => string): Promise<string> {
  const path = join(dir, `${name}.graphql`);
  await writeFile(path, change(streetSdl));
  await writeFile(join(dir, `${name}.events.json`), streetEvents);
  return path;
}

/** The street SDL without a field of `type Street` (and its description). */
const withoutStreetField = (field: string) => (sdl: string) => {
  const lines = sdl.split('\n');
  const start = lines.indexOf('type Street @key(fields: "id") {');
  const at = lines.findIndex((l, i) => i > start && l.startsWith(`  ${field}:`));
  let from = at;
  if (lines[at - 1]!.trim() === '"""') for (from = at - 2; lines[from]!.trim() !== '"""'; from--);
  else if (lines[at - 1]!.trim().startsWith('"""')) from = at - 1;
  lines.splice(from, at - from + 1);
  return lines.join('\n');
};

const readyz = async () =>
  (await (await fetch(t.stack.gateway.url.replace(/\/graphql$/, '/readyz'))).json()) as {
    supergraph: { source: string; launchId: number };
  };

beforeAll(async () => {
  t = await startTestStack({ registry: true });
  dir = await mkdtemp(join(tmpdir(), 'cso-schema-'));
  streetSdl = await readFile(join(REPO, 'schema', 'subgraphs', 'street.graphql'), 'utf8');
  streetEvents = await readFile(join(REPO, 'schema', 'subgraphs', 'street.events.json'), 'utf8');
  // A dashboard asks for each street's code; the gateway records it and reports it to the registry.
  const headers = {
    ...(await t.as('analyst')),
    'apollographql-client-name': 'cso-dashboard',
    'apollographql-client-version': '1.2.0',
  };
  const res = await t.gql(STREET_CODES, undefined, headers);
  expect(res.errors).toBeUndefined();
  await eventually(
    () => t.registry!.client().operations(),
    (ops) =>
      ops.some((o) => o.name === 'StreetCodes' && o.clients.some((c) => c.name === 'cso-dashboard' && c.version === '1.2.0')),
    15_000,
  );
}, 180_000);
afterAll(async () => {
  await t?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('the gateway serves the registry’s first launch: the committed SDL at the tiers’ URLs', async () => {
  expect(await readyz()).toMatchObject({ supergraph: { source: 'registry', launchId: 1 } });
  const launch = (await t.registry!.client().latestLaunch())!;
  expect(launch.subgraphs.map((s) => s.name)).toEqual(['community', 'district', 'street']);
  expect(launch.subgraphs.find((s) => s.name === 'street')!.url).toBe(t.stack.subgraphs.street.url);
});

it('refuses (check and publish) a street SDL that removes a field a recorded operation uses, naming the operation and its client', async () => {
  const sdl = await streetFile('without-code', withoutStreetField('code'));
  const url = t.stack.subgraphs.street.url;
  const check = await schema('check', 'street', '--sdl', sdl, '--url', url, '--version', 'no-code');
  expect(check.code).toBe(1);
  expect(check.out).toMatch(
    /BREAKING\s+Field 'code' was removed from object type 'Street' — used by StreetCodes \(cso-dashboard 1\.2\.0\)/,
  );
  expect(check.out).toMatch(
    /operation StreetCodes \(cso-dashboard 1\.2\.0\) would break: Cannot query field "code" on type "Street"/,
  );
  expect(check.out).toMatch(/result: REFUSED/);
  const publish = await schema('publish', 'street', '--sdl', sdl, '--url', url, '--version', 'no-code');
  expect(publish.code).toBe(1);
  expect(publish.out).toMatch(/StreetCodes/);
  expect((await t.registry!.client().latestLaunch())!.id).toBe(1);
});

it('passes the removal of a field no operation uses, as breaking but unused; published, the gateway serves it', async () => {
  const sdl = await streetFile('without-branch-name', withoutStreetField('branchName'));
  const url = t.stack.subgraphs.street.url;
  const check = await schema('check', 'street', '--sdl', sdl, '--url', url);
  expect(check.code).toBe(0);
  expect(check.out).toMatch(/BREAKING\s+Field 'branchName' was removed from object type 'Street' — breaking but unused/);
  expect(check.out).toMatch(/result: PASSED/);
  expect((await schema('publish', 'street', '--sdl', sdl, '--url', url, '--dry-run')).out).toMatch(/result: PASSED/);
  expect((await t.registry!.client().latestLaunch())!.id).toBe(1);

  const publish = await schema(
    'publish',
    'street',
    '--sdl',
    sdl,
    '--url',
    url,
    '--version',
    'drop-branch-name',
    '--wait',
    '--wait-timeout',
    '60',
  );
  expect(publish.out).toMatch(/result: PUBLISHED as launch #2/);
  expect(publish.out).toMatch(/every gateway serves launch #2/);
  expect(publish.code).toBe(0);
  expect(await readyz()).toMatchObject({ supergraph: { source: 'registry', launchId: 2 } });
  const fields = await t.gql<{ __type: { fields: { name: string }[] } }>(
    '{ __type(name: "Street") { fields { name } } }',
    undefined,
    await t.as('analyst'),
  );
  expect(fields.data!.__type.fields.map((f) => f.name)).not.toContain('branchName');
  expect((await t.gql(STREET_CODES, undefined, await t.as('analyst'))).errors).toBeUndefined();
});

it('refuses an SDL that does not compose, with the composition error', async () => {
  const sdl = await streetFile('rogue', (s) =>
    s.replace('type District @key(fields: "id") {\n  id: ID!', 'type District @key(fields: "id") {\n  id: ID!\n  name: Int!'),
  );
  const check = await schema('check', 'street', '--sdl', sdl, '--url', t.stack.subgraphs.street.url);
  expect(check.code).toBe(1);
  expect(check.out).toMatch(/composition: FAILED/);
  expect(check.out).toMatch(/District\.name/);
  expect((await schema('publish', 'street', '--sdl', sdl, '--url', t.stack.subgraphs.street.url)).code).toBe(1);
});

it('refuses to drop an event contract that a published consumer still reads', async () => {
  const sdl = await streetFile('no-progress-events', (s) => s);
  const events = JSON.parse(streetEvents) as { produces: { type: string }[] };
  events.produces = events.produces.filter((e) => e.type !== 'street.filing-progressed');
  await writeFile(join(dir, 'no-progress-events.events.json'), JSON.stringify(events));
  const publish = await schema('publish', 'street', '--sdl', sdl, '--url', t.stack.subgraphs.street.url);
  expect(publish.code).toBe(1);
  expect(publish.out).toMatch(/street would stop producing street\.filing-progressed v1, which community still consumes/);
  expect(publish.out).toMatch(/street would stop producing street\.filing-progressed v1, which district still consumes/);
});

it('refuses a tier’s token for another tier', async () => {
  const community = readCommittedProposals({}, null).find((p) => p.name === 'community')!;
  const res = await schema('check', 'community', '--url', community.url);
  expect(res.code).toBe(3);
  expect(res.out).toMatch(/may not/);
});
