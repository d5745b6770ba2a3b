import { dropDatabase } from '@cso/platform';
import { createTestDatabase } from '@cso/platform/testing';
import { projectPackages, prunedBuild, startBuilt, tiersIn } from '../support/pruned.js';

/**
 * The schema registry's deployment check (infra/docker/registry.Dockerfile's steps without Docker):
 * the pruned tree holds no tier and no contract, installs, builds and starts alone against
 * PostgreSQL, migrates its own database, reports ready and refuses requests without a token in production.
 */
describe('registry: turbo prune, install, build and start alone', () => {
  let built: Awaited<ReturnType<typeof prunedBuild>>;
  beforeAll(async () => {
    built = await prunedBuild({ pkg: '@cso/registry', dir: 'schema/registry', shared: ['subgraphs/platform'] });
  }, 300_000);
  afterAll(() => built?.cleanup());

  it('the pruned tree and the runtime hold no tier: only the platform and the registry', async () => {
    expect((await tiersIn(built.pruned)).dirs).toEqual([]);
    expect(await projectPackages(built.runtime)).toEqual(['platform', 'registry']);
  });

  it('starts against a fresh database, migrates it, reports ready and wants a token', async () => {
    const database = await createTestDatabase('prunedregistry');
    const token = (s: string) => `${s}-token-0123456789abcdef`;
    const service = await startBuilt(built.runtime, 'schema/registry', {
      NODE_ENV: 'production',
      DATABASE_URL: database,
      REGISTRY_ADMIN_TOKEN: token('admin'),
      REGISTRY_READ_TOKEN: token('read'),
      REGISTRY_PUBLISH_TOKENS: JSON.stringify({ street: token('street') }),
    });
    try {
      expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${service.url}/readyz`)).json()).toMatchObject({ status: 'ready', latestLaunch: null });
      expect((await fetch(`${service.url}/launches/latest`)).status).toBe(401);
      const read = await fetch(`${service.url}/launches/latest`, { headers: { authorization: `Bearer ${token('read')}` } });
      expect(read.status).toBe(404);
    } finally {
      await service.stop();
      await dropDatabase(database);
    }
  }, 60_000);
});
