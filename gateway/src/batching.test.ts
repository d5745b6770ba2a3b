import { buildSchema, parse, validate } from 'graphql';
import {
  batchesOf,
  failedFetches,
  mergeFetches,
  mergeKey,
  mergeVariables,
  refusedDocument,
  shapeOf,
  splitAnswer,
} from './batching.js';

const REPORT =
  'query Headline__street__1($representations:[_Any!]!){_entities(representations:$representations){...on MajorActivityReport{streetReview{decision}}}}';
const CERTIFICATE =
  'query Headline__street__2($representations:[_Any!]!){_entities(representations:$representations){...on Organization{certificate{number}}}}';
const ROOT =
  'query Q__street__0($id:ID!,$n:Int){org:organization(id:$id){...F} streets(first:$n){name}} fragment F on Organization{name}';

const fetchOf = (query: string) => {
  const document = parse(query);
  return { document, query, operationName: /query (\w+)/.exec(query)?.[1] };
};

const SCHEMA = buildSchema(`
  scalar _Any
  union _Entity = MajorActivityReport | Organization
  type Review { decision: String }
  type Certificate { number: String }
  type MajorActivityReport { streetReview: Review }
  type Organization { name: String certificate: Certificate }
  type Street { name: String }
  type Query { _entities(representations: [_Any!]!): [_Entity]! organization(id: ID!): Organization streets(first: Int): [Street] }
`);

describe('sibling fetches to one subgraph merged into one request', () => {
  it('gives each fetch its own prefix for root fields, variables and fragments, and the result is a valid query', () => {
    const parts = [REPORT, CERTIFICATE, ROOT].map(fetchOf);
    const merged = mergeFetches(parts);
    expect(merged.operationName).toBe('Headline__street__1__batch');
    const document = parse(merged.query);
    expect(validate(SCHEMA, document)).toEqual([]);
    expect(merged.query).toContain('_0__entities: _entities(representations: $_0_representations)');
    expect(merged.query).toContain('_1__entities: _entities(representations: $_1_representations)');
    expect(merged.query).toContain('_2_org: organization(id: $_2_id)');
    expect(merged.query).toContain('..._2_F');
    expect(merged.query).toContain('fragment _2_F on Organization');
    // The same fetches again: the same merged text (cached).
    expect(mergeFetches([REPORT, CERTIFICATE, ROOT].map(fetchOf))).toBe(merged);
    expect(mergeVariables([{ representations: [1] }, undefined, { id: 'x', n: 2 }])).toEqual({
      _0_representations: [1],
      _2_id: 'x',
      _2_n: 2,
    });
  });

  it('hands each fetch back its own data and errors under their original names', () => {
    const answer = {
      data: { _0__entities: [{ streetReview: null }], _1__entities: [{ certificate: { number: 'N1' } }], _2_org: null },
      errors: [
        { message: 'not yours', path: ['_0__entities', 0, 'streetReview'], extensions: { code: 'FORBIDDEN' } },
        { message: 'gone', path: ['_2_org'], extensions: { code: 'NOT_FOUND' } },
        { message: 'whole request', extensions: { code: 'X' } },
      ],
    };
    const [a, b, c] = splitAnswer(answer, 3);
    expect(a).toEqual({
      data: { _entities: [{ streetReview: null }] },
      errors: [
        { message: 'not yours', path: ['_entities', 0, 'streetReview'], extensions: { code: 'FORBIDDEN' } },
        { message: 'whole request', extensions: { code: 'X' } },
      ],
    });
    expect(b).toEqual({ data: { _entities: [{ certificate: { number: 'N1' } }] }, errors: [answer.errors[2]] });
    expect(c).toEqual({ data: { org: null }, errors: [{ ...answer.errors[1], path: ['org'] }, answer.errors[2]] });
    expect(splitAnswer({ data: null, errors: [{ message: 'x' }] as never }, 2).map((p) => p.data)).toEqual([null, null]);
  });

  it('merges queries only, and only while the merged document stays within the subgraph’s limits', () => {
    const mutation = fetchOf('mutation M { touch }');
    const rootFragment = fetchOf('query R { ...F } fragment F on Query { streets { name } }');
    expect(shapeOf(mutation.document, mutation.query).mergeable).toBe(false);
    expect(shapeOf(rootFragment.document, rootFragment.query).mergeable).toBe(false);
    const report = fetchOf(REPORT);
    const shape = shapeOf(report.document, report.query);
    expect(shape).toMatchObject({ mergeable: true, aliases: 0, unaliasedRootFields: 1, directives: 0 });

    const fetches = [report, report, mutation, report, report, report];
    const shapeOfFetch = (f: typeof report) => shapeOf(f.document, f.query);
    // Two aliases at most per batch: pairs, the mutation alone (sent at once, the others as their batches fill).
    const limits = { maxAliases: 2, maxDirectives: 20, maxTokens: 4000, maxFetches: 8 };
    expect(batchesOf(fetches, shapeOfFetch, { limits }).map((b) => b.length)).toEqual([1, 2, 2, 1]);
    expect(
      batchesOf(fetches, shapeOfFetch, { limits: { ...limits, maxAliases: 15, maxFetches: 3 } }).map((b) => b.length),
    ).toEqual([1, 3, 2]);
    // Tokens: each fetch's own plus an alias and a colon per root field.
    expect(
      batchesOf([report, report], shapeOfFetch, { limits: { ...limits, maxAliases: 15, maxTokens: 2 * shape.tokens + 3 } }),
    ).toHaveLength(2);
    expect(
      batchesOf([report, report], shapeOfFetch, { limits: { ...limits, maxAliases: 15, maxTokens: 2 * shape.tokens + 4 } }),
    ).toHaveLength(1);
  });

  it('tells a refused merged document from one fetch’s failure, and sends a refused group apart from then on', () => {
    const refused = { data: null, errors: [{ message: 'too costly', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] };
    expect(refusedDocument(refused)).toBe(true);
    expect(
      refusedDocument({ data: null, errors: [{ message: 'no token', extensions: { code: 'UNAUTHENTICATED' } }] } as never),
    ).toBe(false);
    expect(refusedDocument({ data: { _0_x: 1 }, errors: refused.errors } as never)).toBe(false);

    const oneFailed = {
      data: null,
      errors: [
        { message: 'boom', path: ['_1__entities'] },
        { message: 'whole', path: undefined },
      ],
    };
    expect([...failedFetches(oneFailed as never)]).toEqual([1]);
    expect(failedFetches({ errors: [{ message: 'whole' }] } as never).size).toBe(0);

    const report = fetchOf(REPORT);
    const certificate = fetchOf(CERTIFICATE);
    const shapeOfFetch = (f: typeof report) => shapeOf(f.document, f.query);
    const seen = new Set([mergeKey([REPORT, CERTIFICATE])]);
    const refusedGroup = (group: (typeof report)[]) => seen.has(mergeKey(group.map((f) => f.query)));
    expect(batchesOf([report, certificate], shapeOfFetch, { refused: refusedGroup }).map((b) => b.length)).toEqual([1, 1]);
    expect(batchesOf([certificate, report], shapeOfFetch, { refused: refusedGroup }).map((b) => b.length)).toEqual([2]);
    expect(mergeFetches([report, certificate]).key).toBe(mergeKey([REPORT, CERTIFICATE]));
  });
});
