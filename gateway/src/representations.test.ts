import { copyOf, dedupeRepresentations, fanOutEntities } from './representations.js';

const street = (id: string) => ({ __typename: 'Street', id });

describe('entity representations sent once each', () => {
  it('keeps each distinct representation once and says where each position went', () => {
    const deduped = dedupeRepresentations({ representations: [street('a'), street('b'), street('a'), street('a')], other: 1 });
    expect(deduped).toEqual({ variables: { representations: [street('a'), street('b')], other: 1 }, positions: [0, 1, 0, 0] });
  });

  it('leaves a fetch alone when nothing repeats or it is not an entity fetch', () => {
    expect(dedupeRepresentations({ representations: [street('a'), street('b')] })).toBeNull();
    expect(dedupeRepresentations({ first: 5 })).toBeNull();
    expect(dedupeRepresentations(undefined)).toBeNull();
  });

  it('fans the answers and their errors back out in the original order, each position its own object', () => {
    const answer = {
      data: { _entities: [{ name: 'A', district: { id: 'd' } }, null] },
      errors: [
        { message: 'not yours', path: ['_entities', 1, 'name'], extensions: { code: 'FORBIDDEN' } },
        { message: 'whole fetch', extensions: { code: 'X' } },
      ],
    };
    const out = fanOutEntities(answer, [0, 1, 0, 1]);
    expect(out.data._entities).toEqual([{ name: 'A', district: { id: 'd' } }, null, { name: 'A', district: { id: 'd' } }, null]);
    const [first, , third] = out.data._entities as { district: object }[];
    expect(first).not.toBe(third);
    expect(first!.district).not.toBe(third!.district);
    expect(out.errors.map((e) => e.path ?? null)).toEqual([['_entities', 1, 'name'], ['_entities', 3, 'name'], null]);
  });

  it('copies a JSON value all the way down', () => {
    const value = { a: [{ b: 1 }, null, 'x'], c: { d: true, e: null }, f: 2.5 };
    const copy = copyOf(value);
    expect(copy).toEqual(value);
    expect(copy.a).not.toBe(value.a);
    expect(copy.a[0]).not.toBe(value.a[0]);
    expect(copy.c).not.toBe(value.c);
    expect(copyOf(null)).toBeNull();
    expect(copyOf('s')).toBe('s');
  });
});
