import { dropDatabase } from '@cso/platform';
import { createTestDatabase, postGraphQL } from '@cso/platform/testing';
import { devIdentity, projectPackages, prunedBuild, startBuilt, tiersIn, type Deployable } from '../support/pruned.js';

/**
 * The deployment check of one tier (its Dockerfile's steps): the pruned tree holds no other tier,
 * installs, builds and starts alone against PostgreSQL, migrates its own database and answers over
 * HTTP; its runtime holds no development-only package (no demo data, no other tier's code).
 */
export function describePrunedTier(tier: 'district' | 'street' | 'community', query: string): void {
  const target: Deployable = { pkg: `@cso/${tier}`, dir: `subgraphs/${tier}` };
  describe(`${tier}: turbo prune, install, build and start alone`, () => {
    let built: Awaited<ReturnType<typeof prunedBuild>>;
    beforeAll(async () => {
      built = await prunedBuild(target);
    }, 300_000);
    afterAll(() => built?.cleanup());

    it('the pruned tree contains no other tier', async () => {
      expect(await tiersIn(built.pruned)).toEqual({ dirs: [`subgraphs/${tier}`], lockfileTiers: [tier] });
    });

    it('the runtime holds only the platform, the contracts and the tier itself', async () => {
      expect(await projectPackages(built.runtime)).toEqual(['contracts', 'platform', tier].sort());
    });

    it('starts against a fresh database, migrates it, reports ready and answers', async () => {
      const database = await createTestDatabase(`pruned${tier}`);
      const service = await startBuilt(built.runtime, target.dir, {
        ...(await devIdentity()),
        DATABASE_URL: database,
        GATEWAY_SECRET: 'pruned-build-secret-0123',
      });
      try {
        const base = service.url.replace(/\/graphql$/, '');
        expect((await fetch(`${base}/healthz`)).status).toBe(200);
        expect((await fetch(`${base}/readyz`)).status).toBe(200);
        const res = await postGraphQL(service.url, query);
        expect(res.errors).toBeUndefined();
        expect(res.data).toBeTruthy();
      } finally {
        await service.stop();
        await dropDatabase(database);
      }
    }, 60_000);
  });
}
