import { dropDatabase } from '@cso/platform';
import { createTestDatabase } from '@cso/platform/testing';
import { RegistryClient, RegistryError } from './client.js';
import { startRegistry, type RunningRegistry } from './http/server.js';
import { readCommittedProposals, sha256 } from './index.js';
import type { OperationReport, SubgraphProposal } from './model.js';
import { newRegistryTokens, registryTokenEnv, type RegistryTokens } from './tokens.js';

/**
 * The registry over HTTP against a real PostgreSQL: publish-all, check and publish with composition,
 * change classification, operation checks and event contracts; tokens; the rollout to gateways;
 * trusted documents. (tests/src/registry drives the same through a running gateway.)
 */
let databaseUrl: string;
let registry: RunningRegistry;
let tokens: RegistryTokens;
let admin: RegistryClient;
let street: RegistryClient;
let committed: SubgraphProposal[];

const STREET_CODES = 'query StreetCodes { districts { streets { name code } } }';
const streetOf = (change: (sdl: string) => string = (s) => s): SubgraphProposal => {
  const base = committed.find((s) => s.name === 'street')!;
  return { ...base, sdl: change(base.sdl) };
};
/** The SDL without the first field of that name in `type Street` and its description. */
const withoutField = (field: string) => (sdl: string) => {
  const lines = sdl.split('\n');
  const start = lines.findIndex((l) => l === 'type Street @key(fields: "id") {');
  const at = lines.findIndex((l, i) => i > start && l.startsWith(`  ${field}:`));
  let from = at;
  if (lines[at - 1]?.trim().startsWith('"""') && lines[at - 1]!.trim().length > 3) from = at - 1;
  else if (lines[at - 1]?.trim() === '"""') for (from = at - 2; lines[from]!.trim() !== '"""'; from--);
  lines.splice(from, at - from + 1);
  return lines.join('\n');
};

async function report(operations: Partial<OperationReport>[]): Promise<void> {
  const res = await fetch(`${registry.url}/operations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.read}` },
    body: JSON.stringify({
      operations: operations.map((o) => ({
        hash: sha256(o.document!),
        signature: o.document,
        name: null,
        kind: 'query',
        clientName: '',
        clientVersion: '',
        count: 1,
        lastSeen: new Date().toISOString(),
        ...o,
      })),
    }),
  });
  expect(res.status).toBe(202);
}

beforeAll(async () => {
  databaseUrl = await createTestDatabase('registry');
  tokens = newRegistryTokens(['district', 'street', 'community']);
  registry = await startRegistry(
    { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl, ROUTING_URL_CHECK: false },
    { NODE_ENV: 'test', ...registryTokenEnv(tokens) },
  );
  admin = new RegistryClient(registry.url, { token: tokens.admin, actor: 'test' });
  street = new RegistryClient(registry.url, { token: tokens.publish.street!, actor: 'street-ci' });
  committed = readCommittedProposals({}, 'committed');
  const first = await admin.publishAll(committed);
  expect(first).toMatchObject({ published: true, launch: { id: 1 } });
  await report([{ document: STREET_CODES, name: 'StreetCodes', clientName: 'cso-dashboard', clientVersion: '1.2.0', count: 3 }]);
});
afterAll(async () => {
  await registry?.stop();
  await dropDatabase(databaseUrl);
});

describe('publish-all', () => {
  it('publishes nothing new when every subgraph is unchanged', async () => {
    const again = await admin.publishAll(committed);
    expect(again).toMatchObject({ published: false, launch: { id: 1 } });
    const latest = await admin.latestLaunch();
    expect(latest?.subgraphs.map((s) => s.name)).toEqual(['community', 'district', 'street']);
    expect(latest?.supergraphSdl).toContain('join__Graph');
  });
});

describe('check and publish one tier', () => {
  it('refuses to remove a field that an operation in use asks for, naming the operation and its client', async () => {
    const proposal = streetOf(withoutField('code'));
    expect(proposal.sdl).not.toContain('  code: String!');
    const checked = await street.check(proposal);
    expect(checked.ok).toBe(false);
    expect(checked.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'BREAKING',
          path: 'Street.code',
          usedBy: [expect.objectContaining({ name: 'StreetCodes' })],
        }),
      ]),
    );
    expect(checked.operations.broken).toEqual([
      expect.objectContaining({
        name: 'StreetCodes',
        clients: [expect.objectContaining({ name: 'cso-dashboard', version: '1.2.0', count: 3 })],
      }),
    ]);
    expect(checked.refusals.join('\n')).toMatch(/StreetCodes \(cso-dashboard 1\.2\.0\)/);
    const published = await street.publish(proposal);
    expect(published).toMatchObject({ published: false, launch: { id: 1 }, report: { ok: false } });
  });

  it('passes the removal of a field no operation uses, as breaking but unused', async () => {
    const checked = await street.check(streetOf(withoutField('branchName')));
    expect(checked).toMatchObject({ ok: true, refusals: [] });
    expect(checked.changes).toEqual([expect.objectContaining({ level: 'BREAKING', path: 'Street.branchName', usedBy: [] })]);
    const dry = await street.publish(streetOf(withoutField('branchName')), { dryRun: true });
    expect(dry).toMatchObject({ published: false, launch: { id: 1 } });
  });

  it('refuses an SDL that does not compose, with the composition error', async () => {
    const rogue = streetOf((sdl) =>
      sdl.replace('type District @key(fields: "id") {\n  id: ID!', 'type District @key(fields: "id") {\n  id: ID!\n  name: Int!'),
    );
    const checked = await street.check(rogue);
    expect(checked.ok).toBe(false);
    expect(checked.composition.ok).toBe(false);
    expect(checked.composition.errors.join('\n')).toMatch(/District\.name/);
    expect((await street.publish(rogue)).published).toBe(false);
  });

  it('refuses to drop an event contract that a consumer still reads, and to consume one nobody produces', async () => {
    const dropped = streetOf();
    dropped.events = {
      ...dropped.events,
      produces: dropped.events.produces.filter((e) => e.type !== 'street.filing-progressed'),
    };
    const checked = await street.check(dropped);
    expect(checked.ok).toBe(false);
    expect(checked.events.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/street would stop producing street\.filing-progressed v1, which community still consumes/),
      ]),
    );
    const changed = streetOf();
    changed.events = {
      ...changed.events,
      produces: changed.events.produces.map((e) =>
        e.type === 'street.report-reviewed' ? { ...e, checksum: 'f'.repeat(64) } : e,
      ),
    };
    expect((await street.check(changed)).events.problems.join('\n')).toMatch(
      /would change the payload of street\.report-reviewed v1/,
    );
    const needy = streetOf();
    needy.events = { ...needy.events, consumes: [...needy.events.consumes, { type: 'district.budget-approved', version: 1 }] };
    expect((await street.check(needy)).events.problems).toEqual([
      'street would consume district.budget-approved v1, which no published tier produces',
    ]);
  });

  it('publishes a new routing URL as a new launch; publishing the same again changes nothing', async () => {
    const moved = { ...streetOf(), url: 'http://127.0.0.1:4102/graphql', label: 'v2' };
    const published = await street.publish(moved);
    expect(published).toMatchObject({ published: true, report: { ok: true, changes: [] } });
    const launch = (await admin.latestLaunch())!;
    expect(launch.id).toBe(published.launch!.id);
    expect(launch.subgraphs.find((s) => s.name === 'street')).toMatchObject({ url: moved.url, label: 'v2' });
    expect(launch.supergraphSdl).toContain('http://127.0.0.1:4102/graphql');
    expect(await street.publish(moved)).toMatchObject({ published: false, launch: { id: launch.id } });
  });
});

describe('tokens', () => {
  it('lets a tier publish itself only, gateways read and report, and nobody in without a token', async () => {
    const community = committed.find((s) => s.name === 'community')!;
    await expect(street.check(community)).rejects.toMatchObject({ status: 403 });
    await expect(new RegistryClient(registry.url, { token: tokens.read }).publish(streetOf())).rejects.toMatchObject({
      status: 403,
    });
    await expect(new RegistryClient(registry.url).latestLaunch()).rejects.toBeInstanceOf(RegistryError);
    await expect(street.publishAll(committed)).rejects.toMatchObject({ status: 403 });
    expect(await new RegistryClient(registry.url, { token: tokens.read }).latestLaunch()).not.toBeNull();
  });
});

describe('the rollout to gateways', () => {
  it('is complete once every gateway that polls serves the launch', async () => {
    const latest = (await admin.latestLaunch())!;
    const poll = (id: string, serves: number, etag?: string) =>
      fetch(`${registry.url}/launches/latest`, {
        headers: {
          authorization: `Bearer ${tokens.read}`,
          'x-gateway-id': id,
          'x-gateway-launch': String(serves),
          ...(etag ? { 'if-none-match': etag } : {}),
        },
      });
    const first = await poll('gw-a', 1);
    expect(first.status).toBe(200);
    expect((await poll('gw-b', latest.id, first.headers.get('etag')!)).status).toBe(304);
    await new Promise((r) => setTimeout(r, 200));
    expect((await admin.rollout(latest.id)).gateways.map((g) => g.id)).toEqual(['gw-a', 'gw-b']);
    expect(await admin.rollout(latest.id)).toMatchObject({ complete: false });
    await poll('gw-a', latest.id);
    await new Promise((r) => setTimeout(r, 100));
    expect(await admin.rollout(latest.id)).toMatchObject({ complete: true });
  });
});

describe('trusted documents', () => {
  it('registers a client version’s documents when each hash is its document’s and each document is valid', async () => {
    const good = 'query PublicNotices { publicNotices(first: 5) { totalCount } }';
    await expect(
      admin.publishDocuments({
        client: 'cso-dashboard',
        version: '1.2.0',
        documents: { [sha256('query X { nope }')]: 'query X { nope }' },
      }),
    ).rejects.toMatchObject({
      status: 422,
    });
    await expect(
      admin.publishDocuments({ client: 'cso-dashboard', version: '1.2.0', documents: { [sha256('x')]: good } }),
    ).rejects.toMatchObject({ status: 422 });
    expect(
      await admin.publishDocuments({ client: 'cso-dashboard', version: '1.2.0', documents: { [sha256(good)]: good } }),
    ).toMatchObject({ documents: 1 });
    const res = await fetch(`${registry.url}/documents`, { headers: { authorization: `Bearer ${tokens.read}` } });
    expect(await res.json()).toEqual({
      manifests: [{ client: 'cso-dashboard', version: '1.2.0', documents: { [sha256(good)]: good } }],
    });
    const again = await fetch(`${registry.url}/documents`, {
      headers: { authorization: `Bearer ${tokens.read}`, 'if-none-match': res.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
  });
});
