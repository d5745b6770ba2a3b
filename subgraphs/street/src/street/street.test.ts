import { generateWorld } from '@cso/demo-world';
import { schemaDrift } from '@cso/platform';
import { startTestSubgraph, type TestSubgraph } from '@cso/platform/testing';
import { definition } from '../app.js';

let subgraph: TestSubgraph;
const world = generateWorld(0.3);

beforeAll(async () => {
  subgraph = await startTestSubgraph(definition, { seedSize: 0.3 });
});
afterAll(() => subgraph?.stop());

describe('street subgraph over HTTP', () => {
  it('reads a street with its branch and its district key', async () => {
    const street = world.streets[1]!;
    const res = await subgraph.query('query($id: ID!) { street(id: $id) { id name code branchName district { id } } }', {
      id: street.id,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      street: {
        id: street.id,
        name: street.name,
        code: street.code,
        branchName: street.branchName,
        district: { id: street.districtId },
      },
    });
  });

  it('adds District.streets, batched over all districts of a request', async () => {
    subgraph.queries.reset();
    const res = await subgraph.query<{ _entities: { streets: { name: string }[] }[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on District { streets { name } } } }',
      {
        r: [...world.districts, { id: '00000000-0000-5000-8000-000000000000' }].map(({ id }) => ({ __typename: 'District', id })),
      },
      subgraph.asGateway(),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities[0]?.streets.map((s) => s.name)).toEqual(world.streets.map((s) => s.name).sort());
    expect(res.data?._entities[1]?.streets).toEqual([]);
    expect(subgraph.queries.count).toBe(1);
  });

  it('resolves 100 Street references with one SQL statement', async () => {
    const r = Array.from({ length: 100 }, (_, i) => ({ __typename: 'Street', id: world.streets[i % world.streets.length]!.id }));
    subgraph.queries.reset();
    const res = await subgraph.query<{ _entities: { code: string }[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Street { code } } }',
      { r },
      subgraph.asGateway(),
    );
    expect(res.data?._entities).toHaveLength(100);
    expect(res.data?._entities.every((s) => s?.code)).toBe(true);
    expect(subgraph.queries.count).toBe(1);
  });

  it('answers NOT_FOUND for an unknown street', async () => {
    const res = await subgraph.query('{ street(id: "3b1f0e55-0000-5000-8000-000000000000") { name } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('has migrations that match its entities exactly', async () => {
    expect(await schemaDrift(subgraph.running.orm)).toBe('');
  });
});
