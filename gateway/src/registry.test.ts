import { generateDevKeyPair, signDevToken } from '@cso/platform';
import { postGraphQL } from '@cso/platform/testing';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeSupergraph, readSubgraphs } from '@cso/registry';
import { bootstrapGateway, type RunningGateway } from './gateway.js';

/**
 * The gateway following a schema registry (here a stand-in that serves what each test asks for):
 * the committed supergraph while the registry is down, a new launch swapped in without a restart, a
 * launch that fails to load ignored, operations reported in the background, trusted documents enforced.
 */
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const DISTRICT_ID = '11111111-1111-5111-8111-111111111111';

interface Launch {
  id: number;
  supergraphSdl: string;
}
const registry = {
  launch: null as Launch | null,
  manifests: [] as { client: string; version: string; documents: Record<string, string> }[],
  reported: [] as {
    hash: string;
    name: string | null;
    clientName: string;
    clientVersion: string;
    count: number;
    signature: string;
  }[],
  polls: [] as { gateway: string | undefined; serves: string | undefined; token: string | undefined }[],
};
let server: Server | null = null;
let port: number;

async function body(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

async function registryUp(): Promise<void> {
  server = createServer((req, res) => {
    void (async () => {
      if (req.url === '/launches/latest') {
        registry.polls.push({
          gateway: req.headers['x-gateway-id'] as string,
          serves: req.headers['x-gateway-launch'] as string,
          token: req.headers.authorization,
        });
        if (!registry.launch) return res.writeHead(404).end('{}');
        const etag = `"launch-${registry.launch.id}"`;
        if (req.headers['if-none-match'] === etag) return res.writeHead(304).end();
        res.writeHead(200, { 'content-type': 'application/json', etag });
        return res.end(
          JSON.stringify({
            ...registry.launch,
            supergraphHash: sha256(registry.launch.supergraphSdl),
            reason: 'test',
            createdAt: new Date().toISOString(),
            subgraphs: [],
          }),
        );
      }
      if (req.url === '/operations' && req.method === 'POST') {
        registry.reported.push(
          ...(JSON.parse(await body(req)) as { operations: (typeof registry.reported)[number][] }).operations,
        );
        return res.writeHead(202).end('{}');
      }
      if (req.url === '/documents') {
        res.writeHead(200, { 'content-type': 'application/json', etag: `"d${registry.manifests.length}"` });
        return res.end(JSON.stringify({ manifests: registry.manifests }));
      }
      res.writeHead(404).end('{}');
    })();
  });
  await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
}
async function registryDown(): Promise<void> {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

let gateway: RunningGateway;
let analyst: Record<string, string>;
let officer: Record<string, string>;
const readyz = async () =>
  (await (await fetch(gateway.url.replace(/\/graphql$/, '/readyz'))).json()) as {
    supergraph: { source: string; launchId: number | null };
    registry: { reachable: boolean; rejectedLaunch: number | null };
  };
const districtFields = async () =>
  (
    (
      await postGraphQL<{ __type: { fields: { name: string }[] } }>(
        gateway.url,
        '{ __type(name: "District") { fields { name } } }',
        undefined,
        analyst,
      )
    ).data?.__type.fields ?? []
  ).map((f) => f.name);

beforeAll(async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const keys = await generateDevKeyPair();
  analyst = {
    authorization: `Bearer ${await signDevToken(keys.privateJwk, { sub: 'a', name: '分析员', role: 'ANALYST', districtId: DISTRICT_ID })}`,
  };
  officer = {
    authorization: `Bearer ${await signDevToken(keys.privateJwk, { sub: 'o', name: '区干部', role: 'DISTRICT_OFFICER', districtId: DISTRICT_ID })}`,
  };
  // Started while the registry is down: it serves the committed supergraph.
  gateway = await bootstrapGateway(
    {
      PORT: 0,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      REGISTRY_URL: `http://127.0.0.1:${port}`,
      REGISTRY_READ_TOKEN: 'gateway-read-token-0123456789',
      REGISTRY_POLL_MS: 100,
      REGISTRY_TIMEOUT_MS: 500,
      OPERATIONS_FLUSH_MS: 100,
      TRUSTED_DOCUMENTS: 'enforce',
      AUTH_MODE: 'dev',
      AUTH_DEV_PUBLIC_KEY: JSON.stringify(keys.publicJwk),
      RATE_LIMIT_PER_MINUTE: 0,
      PUBLIC_RATE_LIMIT_PER_MINUTE: 0,
    },
    { NODE_ENV: 'test' },
  );
});
afterAll(async () => {
  await gateway?.stop();
  await registryDown();
});

it('serves the committed supergraph while the registry is down, and the registry’s launch once it is up', async () => {
  expect(await readyz()).toMatchObject({ supergraph: { source: 'committed', launchId: null }, registry: { reachable: false } });
  expect(await districtFields()).toContain('streets');

  const withoutStreets = readSubgraphs().map((s) =>
    s.name === 'street'
      ? {
          ...s,
          sdl: s.sdl.replace(
            /type District @key\(fields: "id"\) \{[\s\S]*?\n\}/,
            'type District @key(fields: "id") {\n  id: ID!\n}',
          ),
        }
      : s,
  );
  registry.launch = { id: 7, supergraphSdl: composeSupergraph(withoutStreets) };
  await registryUp();
  await until(async () => (await readyz()).supergraph.launchId === 7);
  expect(await readyz()).toMatchObject({ supergraph: { source: 'registry', launchId: 7 }, registry: { reachable: true } });
  expect(await districtFields()).not.toContain('streets');
  // It tells the registry which launch it serves, with its read token.
  await until(() => registry.polls.some((p) => p.serves === '7'));
  expect(registry.polls.at(-1)).toMatchObject({ token: 'Bearer gateway-read-token-0123456789', gateway: expect.any(String) });
});

it('keeps the last good launch when a new one fails to load or the registry goes away', async () => {
  registry.launch = { id: 8, supergraphSdl: 'this is not a supergraph' };
  await until(async () => (await readyz()).registry.rejectedLaunch === 8);
  expect((await readyz()).supergraph.launchId).toBe(7);
  expect(await districtFields()).toContain('name');
  await registryDown();
  await until(async () => (await readyz()).registry.reachable === false);
  expect((await readyz()).supergraph).toMatchObject({ source: 'registry', launchId: 7 });
  expect(await districtFields()).toContain('name');
  registry.launch = { id: 9, supergraphSdl: composeSupergraph(readSubgraphs()) };
  await registryUp();
  await until(async () => (await readyz()).supergraph.launchId === 9);
  expect(await districtFields()).toContain('streets');
});

it('reports each operation it executes, per client and version, in the background', async () => {
  const query = 'query DistrictNames { __type(name: "District") { name } }';
  for (let i = 0; i < 3; i++)
    await postGraphQL(gateway.url, query, undefined, {
      ...analyst,
      'apollographql-client-name': 'cso-test',
      'apollographql-client-version': '2.0.0',
    });
  await until(() => registry.reported.filter((r) => r.hash === sha256(query)).reduce((n, r) => n + r.count, 0) === 3);
  expect(registry.reported.find((r) => r.hash === sha256(query))).toMatchObject({
    name: 'DistrictNames',
    clientName: 'cso-test',
    clientVersion: '2.0.0',
    signature: expect.stringContaining('query DistrictNames'),
  });
});

it('runs only registered documents for a client that registered them (analysts excepted)', async () => {
  const registered = 'query Registered { __typename }';
  const other = 'query NotRegistered { __typename }';
  registry.manifests = [{ client: 'cso-dashboard', version: '1.0.0', documents: { [sha256(registered)]: registered } }];
  const dashboard = { ...officer, 'apollographql-client-name': 'cso-dashboard', 'apollographql-client-version': '1.0.0' };
  await until(async () => (await postGraphQL(gateway.url, other, undefined, dashboard)).status === 403);
  const refused = await postGraphQL(gateway.url, other, undefined, dashboard);
  expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'PERSISTED_QUERY_NOT_IN_LIST' });
  expect((await postGraphQL(gateway.url, registered, undefined, dashboard)).data).toEqual({ __typename: 'Query' });
  // By hash alone, as a client with a build-time manifest sends it.
  const byHash = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...dashboard },
    body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(registered) } } }),
  });
  expect(await byHash.json()).toEqual({ data: { __typename: 'Query' } });
  // An analyst, another client, or no client name: not subject to the list.
  expect(
    (await postGraphQL(gateway.url, other, undefined, { ...analyst, 'apollographql-client-name': 'cso-dashboard' })).data,
  ).toEqual({ __typename: 'Query' });
  expect(
    (await postGraphQL(gateway.url, other, undefined, { ...officer, 'apollographql-client-name': 'other-client' })).data,
  ).toEqual({ __typename: 'Query' });
  expect((await postGraphQL(gateway.url, other, undefined, officer)).data).toEqual({ __typename: 'Query' });
});
