import { generateDevKeyPair, signDevToken } from '@cso/platform';
import { postGraphQL } from '@cso/platform/testing';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeSupergraph, readSubgraphs, type SubgraphSdl } from '@cso/registry';
import { bootstrapGateway, type RunningGateway } from './gateway.js';

/** A subgraph deploys on its own schedule: the gateway swaps in a new supergraph without a restart. */
let dir: string;
let gateway: RunningGateway;
let headers: Record<string, string>;
let subgraphs: SubgraphSdl[];

const FIELDS = '{ __type(name: "District") { fields { name } } }';
const districtFields = async () =>
  (
    (await postGraphQL<{ __type: { fields: { name: string }[] } }>(gateway.url, FIELDS, undefined, headers)).data?.__type
      .fields ?? []
  ).map((f) => f.name);

async function until(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cso-supergraph-'));
  subgraphs = readSubgraphs();
  await writeFile(join(dir, 'supergraph.graphql'), composeSupergraph(subgraphs));
  const keys = await generateDevKeyPair();
  headers = {
    authorization: `Bearer ${await signDevToken(keys.privateJwk, { sub: 't', name: '测试', role: 'ANALYST', districtId: '11111111-1111-5111-8111-111111111111' })}`,
  };
  gateway = await bootstrapGateway(
    {
      PORT: 0,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      SUPERGRAPH_PATH: join(dir, 'supergraph.graphql'),
      SUPERGRAPH_WATCH: true,
      AUTH_MODE: 'dev',
      AUTH_DEV_PUBLIC_KEY: JSON.stringify(keys.publicJwk),
    },
    { NODE_ENV: 'test' },
  );
});
afterAll(async () => {
  await gateway?.stop();
  await rm(dir, { recursive: true, force: true });
});

it('swaps in a newly composed supergraph, and keeps the last good one when a new one is broken', async () => {
  expect(await districtFields()).toContain('streets');

  // The street tier ships a version that no longer adds District.streets.
  const withoutStreets = subgraphs.map((s) =>
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
  await writeFile(join(dir, 'supergraph.graphql'), composeSupergraph(withoutStreets));
  await until(async () => !(await districtFields()).includes('streets'));

  await writeFile(join(dir, 'supergraph.graphql'), 'this is not a supergraph');
  await new Promise((r) => setTimeout(r, 800));
  const fields = await districtFields();
  expect(fields).toContain('name');
  expect(fields).not.toContain('streets');
});
