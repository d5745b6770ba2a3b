import { generateWorld } from '@cso/demo-world';
import { schemaDrift } from '@cso/platform';
import { startTestSubgraph, type TestSubgraph } from '@cso/platform/testing';
import { definition } from '../app.js';

let subgraph: TestSubgraph;
const world = generateWorld(0.2);

beforeAll(async () => {
  subgraph = await startTestSubgraph(definition, { seedSize: 0.2 });
});
afterAll(() => subgraph?.stop());

describe('district subgraph over HTTP', () => {
  it('lists the seeded districts with their associations', async () => {
    const res = await subgraph.query<{ districts: { id: string; name: string; associationName: string }[] }>(
      '{ districts { id name associationName } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.districts).toEqual(world.districts.map(({ id, name, associationName }) => ({ id, name, associationName })));
  });

  it('answers NOT_FOUND for an unknown or malformed id, never a 500', async () => {
    for (const id of ['00000000-0000-5000-8000-000000000000', 'not-an-id']) {
      const res = await subgraph.query('query($id: ID!) { district(id: $id) { name } }', { id });
      expect(res.status).toBe(200);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', entity: 'District', id });
    }
  });

  it('resolves many entity references with one SQL statement', async () => {
    const id = world.districts[0]!.id;
    const representations = Array.from({ length: 50 }, (_, i) => ({
      __typename: 'District',
      id: i % 2 ? id : `${id.slice(0, -1)}0`,
    }));
    subgraph.queries.reset();
    const res = await subgraph.query<{ _entities: ({ name: string } | null)[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on District { name } } }',
      { r: representations },
      subgraph.asGateway(),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities.filter(Boolean)).toHaveLength(25);
    expect(subgraph.queries.count).toBe(1);
  });

  it('reports health and readiness', async () => {
    const base = subgraph.url.replace(/\/graphql$/, '');
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok', service: 'district' });
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('has migrations that match its entities exactly', async () => {
    expect(await schemaDrift(subgraph.running.orm)).toBe('');
  });

  it('seeds once: a second seeding of the same database adds nothing', async () => {
    await definition.seed!(subgraph.running.orm.em.fork(), { size: 0.2, log: subgraph.running.log });
    const res = await subgraph.query<{ districts: unknown[] }>('{ districts { id } }');
    expect(res.data?.districts).toHaveLength(world.districts.length);
  });
});
