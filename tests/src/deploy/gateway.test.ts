import { devIdentity, projectPackages, prunedBuild, startBuilt, tiersIn } from '../support/pruned.js';
import { postGraphQL } from '@cso/platform/testing';

describe('gateway: turbo prune, install, build and start alone', () => {
  let built: Awaited<ReturnType<typeof prunedBuild>>;
  beforeAll(async () => {
    built = await prunedBuild({
      pkg: '@cso/gateway',
      dir: 'gateway',
      packages: ['gateway/workbench'],
      extraFiles: ['schema/supergraph.graphql'],
    });
  }, 300_000);
  afterAll(() => built?.cleanup());

  it('the pruned tree and the runtime contain no tier', async () => {
    expect((await tiersIn(built.pruned)).dirs).toEqual([]);
    // The workbench is static files beside the gateway's (npm prune may or may not keep its link).
    const packages = await projectPackages(built.runtime);
    expect(packages).toEqual(expect.arrayContaining(['contracts', 'gateway', 'platform']));
    expect(packages.filter((p) => !['contracts', 'gateway', 'platform', 'workbench'].includes(p))).toEqual([]);
  });

  it('starts with the committed supergraph and answers', async () => {
    const gateway = await startBuilt(built.runtime, 'gateway', { ...(await devIdentity()), SUPERGRAPH_WATCH: 'false' });
    try {
      expect((await fetch(gateway.url.replace(/\/graphql$/, '/healthz'))).status).toBe(200);
      const res = await postGraphQL(gateway.url, '{ __typename }');
      expect(res.data).toEqual({ __typename: 'Query' });
      // The workbench's built files are in the image: a browser gets the IDE and what it loads.
      const ide = await fetch(gateway.url, { headers: { accept: 'text/html' } });
      expect(ide.status).toBe(200);
      const script = /src="(\/workbench\/assets\/[^"]+\.js)"/.exec(await ide.text())![1]!;
      expect((await fetch(new URL(script, gateway.url))).status).toBe(200);
    } finally {
      await gateway.stop();
    }
  }, 60_000);
});
