import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, operationFromDocument, Supergraph, type Schema } from '@apollo/federation-internals';
import { parse } from 'graphql';
import { cachedOperations, CHECKED_VERSIONS, computeResponse } from './result-shaping.js';

/**
 * The compiled result shaping against @apollo/gateway's own computeResponse, over the same operations
 * and inputs: the same answer (keys in the same order), the same errors with their paths, or the same
 * thrown error. What it replaces is the installed @apollo/gateway's, so an upgrade that changes Apollo's
 * behaviour fails here before CHECKED_VERSIONS takes it.
 */

const require = createRequire(import.meta.url);
type Shaping = typeof computeResponse;
const apollo = (require('@apollo/gateway/dist/resultShaping.js') as { computeResponse: Shaping }).computeResponse;
const apolloVersion = (require('@apollo/gateway/package.json') as { version: string }).version;

const SDL = `
  scalar JSON
  enum Status { FILED ACTIVE }
  interface Node { id: ID! }
  type Org implements Node { id: ID! name: String! status: Status count: Int score: Float ok: Boolean meta: JSON tags: [String!] members: [Person!]! leader: Person owner: Node }
  type Person implements Node { id: ID! name: String phone: String }
  union Thing = Org | Person
  type Query { orgs(first: Int): [Org!] org(id: ID!): Org! things: [Thing] node: Node maybe: Org grid: [[Int!]] rows: [[Person]!]! }
`;

type Operation = ReturnType<typeof operationFromDocument>;

function outcome(
  shaping: Shaping,
  schema: Schema,
  query: string | Operation,
  input: unknown,
  variables: Record<string, unknown> = {},
) {
  const operation = typeof query === 'string' ? operationFromDocument(schema, parse(query), { validate: true }) : query;
  try {
    const { data, errors } = shaping({
      operation,
      variables,
      input: input as Record<string, unknown>,
      introspectionHandling: (selection) => ({ introspected: selection.element.responseName() }),
    });
    return {
      data: JSON.stringify(data),
      errors: errors.map((e) => ({ message: e.message, path: e.path, code: e.extensions.code })),
    };
  } catch (error) {
    return { thrown: (error as Error).message };
  }
}

function expectSame(schema: Schema, query: string | Operation, input: unknown, variables?: Record<string, unknown>) {
  const ours = outcome(computeResponse, schema, query, input, variables);
  expect(ours).toEqual(outcome(apollo, schema, query, input, variables));
  return ours;
}

describe('compiled result shaping gives what @apollo/gateway gives', () => {
  const schema = buildSchema(SDL);
  const org = (over: Record<string, unknown> = {}) => ({
    __typename: 'Org',
    id: '1',
    name: '合唱团',
    status: 'FILED',
    count: 3,
    score: 1.5,
    ok: true,
    meta: { any: ['thing'] },
    tags: ['a', 'b'],
    members: [{ __typename: 'Person', id: 'p', name: '张三', phone: '138****0000' }],
    leader: null,
    owner: { __typename: 'Person', id: 'p', name: '张三' },
    extra: 'not asked for',
    ...over,
  });

  it('is checked against the installed @apollo/gateway', () => {
    expect(CHECKED_VERSIONS).toContain(apolloVersion);
  });

  it('keeps only what was asked, in the order asked, with aliases, merged repeats and __typename', () => {
    const ours = expectSame(
      schema,
      `{ orgs { t: __typename count n: name ... on Org { members { name } } members { phone __typename } name tags meta } }`,
      // The merged fetch results are keyed by response name, as the plan's fetches alias them.
      { orgs: [org({ n: '合唱团' }), org({ name: '舞蹈队', n: '舞蹈队' })] },
    );
    expect(ours.errors).toEqual([]);
    expect(JSON.parse(ours.data!)).toEqual({
      orgs: [
        {
          t: 'Org',
          count: 3,
          n: '合唱团',
          members: [{ name: '张三', phone: '138****0000', __typename: 'Person' }],
          name: '合唱团',
          tags: ['a', 'b'],
          meta: { any: ['thing'] },
        },
        expect.objectContaining({ name: '舞蹈队' }),
      ],
    });
  });

  it('applies fragments by the runtime __typename on interfaces and unions, and by the parent type without one', () => {
    const query = `{ things { __typename ... on Org { name } ... on Person { phone } ... on Node { id } } node { ... on Node { id } ... on Person { name } } }`;
    expectSame(schema, query, {
      things: [org(), { __typename: 'Person', id: 'p', phone: '1' }, null],
      node: { __typename: 'Person', id: 'p', name: 'x' },
    });
    expectSame(schema, `{ maybe { ... on Org { name } ... on Node { id } __typename } }`, { maybe: { id: '1', name: 'n' } });
  });

  it('evaluates @skip and @include with variables, defaults and literals, and throws as Apollo does on a non-boolean', () => {
    const query = `query($s: Boolean!, $i: Boolean = false) { orgs { name @skip(if: $s) count @include(if: $i) ok @include(if: true) @skip(if: false) ... on Org @include(if: $s) { status } } }`;
    const input = { orgs: [org()] };
    expectSame(schema, query, input, { s: true });
    expectSame(schema, query, input, { s: false, i: true });
    expectSame(schema, `query($s: Boolean) { orgs { name @skip(if: $s) } }`, input, { s: null });
    expect(
      outcome(computeResponse, schema, `query($s: Boolean) { orgs { name @skip(if: $s) } }`, input, { s: null }),
    ).toHaveProperty('thrown');
    // Not reached (no organizations): nothing is thrown.
    expectSame(schema, `query($s: Boolean) { orgs { name @skip(if: $s) } }`, { orgs: [] }, { s: null });
  });

  it('bubbles nulls for non-null fields up to the nearest nullable one, with the same errors', () => {
    expectSame(schema, `{ orgs { name members { id name } } }`, { orgs: [org({ name: null }), org()] });
    expectSame(schema, `{ orgs { members { id } } }`, { orgs: [org({ members: [{ __typename: 'Person', id: null }] })] });
    expectSame(schema, `{ org(id: "1") { name } }`, { org: { name: null } });
    expectSame(schema, `{ org(id: "1") { name } maybe { name } }`, { org: null, maybe: { name: 'x' } });
    expectSame(schema, `{ orgs { tags } }`, { orgs: [org({ tags: ['a', null] })] });
  });

  it('shapes lists of lists, nulls inside them bubbling to the nearest nullable level', () => {
    expectSame(schema, `{ grid }`, { grid: [[1, 2], [3], []] });
    expectSame(schema, `{ grid }`, { grid: [[1, null], [3]] });
    expectSame(schema, `{ grid }`, { grid: [null, [1.5]] });
    expectSame(schema, `{ rows { name } }`, { rows: [[{ name: 'a' }, null], [{ __typename: 'Person', name: 'b' }]] });
    expectSame(schema, `{ rows { name } }`, { rows: [null, [{ name: 'a' }]] });
    expectSame(schema, `{ rows { name } maybe { name } }`, { rows: null, maybe: { name: 'x' } });
  });

  it('refuses leaf values that do not fit their type, the same way', () => {
    const bad = [
      { count: 'three' },
      { count: 1.5 },
      { count: 1e21 },
      { score: 'x' },
      { ok: 'yes' },
      { status: 'GONE' },
      { name: 42 },
      { name: true },
      { id: 7 },
      { id: 7.5 },
      { name: { nested: 1 } },
      { count: Number.NaN },
    ];
    for (const over of bad) expectSame(schema, `{ maybe { id name count score ok status meta } }`, { maybe: org(over) });
  });

  it('takes or refuses integers at the edges of safe ones the same way', () => {
    const edges = [0, -0, -5, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 1e20, 1e21, -1e21, 5e-324, 0.1 + 0.2];
    for (const count of edges) {
      const { data, errors, thrown } = expectSame(schema, `{ maybe { id count } }`, { maybe: org({ count, id: count }) });
      expect(thrown).toBeUndefined();
      const clean = errors?.length === 0;
      expect([count, clean]).toEqual([count, Math.abs(count) < 1e21 && Number.isInteger(count)]);
      if (clean) expect(data).toContain('"count"');
    }
  });

  it('refuses an unknown __typename and a non-object __typename check, the same way', () => {
    expectSame(schema, `{ maybe { name } }`, { maybe: { __typename: 'Ghost', name: 'x' } });
    expectSame(schema, `{ maybe { name } }`, { maybe: { __typename: 'Status', name: 'x' } });
    expectSame(schema, `{ node { __typename } }`, { node: { __typename: 'Node' } });
    expectSame(schema, `{ things { ... on Org { name } } }`, { things: [{ __typename: 7, name: 'x' }] });
    expectSame(schema, `{ orgs { members { name } } }`, { orgs: [org({ members: 'not a list' })] });
    expectSame(schema, `{ orgs { leader { name } } }`, { orgs: [org({ leader: 'not an object' })] });
  });

  it('keeps response names that are Object.prototype keys as data, __proto__ included', () => {
    const query = `{ maybe { toString: name constructor: count __proto__: status hasOwnProperty: ok } }`;
    // Parsed, as a subgraph's answer is: in an object literal, __proto__ would set the prototype instead.
    const input = JSON.parse('{"maybe":{"toString":"n","constructor":2,"__proto__":"FILED","hasOwnProperty":true}}') as unknown;
    const ours = expectSame(schema, query, input);
    expect(ours.data).toBe('{"maybe":{"toString":"n","constructor":2,"__proto__":"FILED","hasOwnProperty":true}}');
    // A missing field named like an Object.prototype key is null, not the prototype's function.
    expectSame(schema, `{ maybe { toString: name } }`, { maybe: {} });
  });

  it('answers introspection fields through the gateway and passes a missing answer through', () => {
    expectSame(schema, `{ __type(name: "Org") { name } maybe { name } }`, { maybe: { name: 'x' } });
    expectSame(schema, `{ maybe { name } }`, null);
  });

  it('matches on many random answers to the real supergraph, bad values and nulls included', () => {
    const supergraph = readFileSync(
      join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schema', 'supergraph.graphql'),
      'utf8',
    );
    const api = Supergraph.build(supergraph).apiSchema();
    const query = `{ districts { __typename name streets { name communities { id name organizations(first: 5) { totalCount nodes { name status memberCount } } } } } }`;
    // mulberry32: 32-bit integer steps (a float LCG loses precision and cycles after a few dozen answers).
    let seed = 7;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    // Half the answers are clean, half have a bad value or a null at about one place in fifteen.
    let noise = 0;
    const pick = <T>(values: T[]): T => values[Math.floor(random() * values.length)]!;
    const leaf = (good: unknown) => (random() >= noise ? good : pick([null, 3, 'x', true, 1.5, {}, 'FILED', 'NOPE']));
    const list = <T>(n: number, item: () => T) =>
      random() < noise / 2 ? null : Array.from({ length: 1 + Math.floor(random() * n) }, item);
    const n = () => Math.floor(random() * 1000);
    const answer = () => ({
      districts: list(2, () => ({
        __typename: random() >= noise / 2 ? 'District' : pick(['Street', 'Nope']),
        name: leaf(`区${n()}`),
        streets: list(3, () => ({
          name: leaf(`街${n()}`),
          communities: list(3, () => ({
            id: leaf(`c${n()}`),
            name: leaf(`社区${n()}`),
            organizations:
              random() < noise / 2
                ? null
                : {
                    totalCount: leaf(n()),
                    nodes: list(5, () => ({
                      name: leaf(`队${n()}`),
                      status: leaf(pick(['FILED', 'APPLYING', 'PUBLIC_NOTICE'])),
                      memberCount: leaf(n()),
                    })),
                  },
          })),
        })),
      })),
    });
    const seen = new Set<string>();
    let clean = 0;
    for (let i = 0; i < 300; i++) {
      noise = i % 2 ? 0.07 : 0;
      const input = answer();
      seen.add(JSON.stringify(input));
      if (!expectSame(api, query, input).errors?.length) clean++;
    }
    // Not a generator cycling through a few answers (a few noisy ones can coincide, e.g. `districts: null`).
    expect(seen.size).toBeGreaterThanOrEqual(280);
    expect(clean).toBeGreaterThanOrEqual(150);
  });
});

describe('one operation model and one compiled shaping for every request of a document', () => {
  const schema = buildSchema(SDL);
  const counted = () => {
    const calls = { count: 0 };
    const original: typeof operationFromDocument = (...args) => {
      calls.count++;
      return operationFromDocument(...args);
    };
    return { calls, cached: cachedOperations(original) };
  };
  // The executor's call: the request's operation node, then its fragments' nodes, without validation.
  const executorCall = (document: ReturnType<typeof parse>) => ({
    kind: document.kind,
    definitions: [...document.definitions],
  });

  it("keeps the executor's model per operation node and fragment nodes, and leaves every other call alone", () => {
    const { calls, cached } = counted();
    const document = parse(`query Q($id: ID!) { org(id: $id) { ...F } } fragment F on Org { name }`);
    const first = cached(schema, executorCall(document), { validate: false });
    expect(cached(schema, executorCall(document), { validate: false })).toBe(first);
    expect(calls.count).toBe(1);
    // The same text parsed again (another document in Apollo Server's store): other nodes, another model.
    expect(
      cached(schema, executorCall(parse(`query Q($id: ID!) { org(id: $id) { ...F } } fragment F on Org { name }`)), {
        validate: false,
      }),
    ).not.toBe(first);
    // The same operation node with other fragment nodes.
    const other = parse(`fragment F on Org { id }`).definitions[0]!;
    const swapped = cached(schema, { kind: document.kind, definitions: [document.definitions[0]!, other] }, { validate: false });
    expect(swapped).not.toBe(first);
    expect(String(swapped)).toContain('id');
    // Another schema, validation asked for, an operation name: built each time.
    expect(cached(buildSchema(SDL), executorCall(document), { validate: false })).not.toBe(first);
    const before = calls.count;
    cached(schema, document, { validate: true });
    cached(schema, document, { validate: true });
    cached(schema, document, { validate: false, operationName: 'Q' });
    cached(schema, document);
    expect(calls.count).toBe(before + 4);
  });

  it('shapes every request of one model as Apollo does, with @skip/@include read from each request', () => {
    const org = { __typename: 'Org', id: '1', name: 'n', count: 3, ok: true, status: 'FILED' };
    const withVariables = operationFromDocument(
      schema,
      parse(`query($s: Boolean!) { orgs { name @skip(if: $s) count ... on Org @include(if: $s) { status } } }`),
      { validate: true },
    );
    const skipping = expectSame(schema, withVariables, { orgs: [org] }, { s: true });
    const keeping = expectSame(schema, withVariables, { orgs: [org] }, { s: false });
    expect(skipping.data).toBe('{"orgs":[{"count":3,"status":"FILED"}]}');
    expect(keeping.data).toBe('{"orgs":[{"name":"n","count":3}]}');
    expectSame(schema, withVariables, { orgs: [org] }, { s: true });

    const plain = operationFromDocument(
      schema,
      parse(`{ things { ... on Org { name count } ... on Person { phone } } maybe { ok } }`),
      {
        validate: true,
      },
    );
    const inputs = [
      { things: [org, { __typename: 'Person', id: 'p', phone: '1' }], maybe: { ok: true } },
      { things: [{ __typename: 'Person', id: 'p', phone: 2 }, null, { ...org, count: 'x' }], maybe: null },
      { things: [{ __typename: 'Nope' }], maybe: { ok: 'yes' } },
      { things: null, maybe: { ok: false } },
    ];
    const answers = inputs.map((input) => expectSame(schema, plain, input));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(inputs.length);
  });
});
