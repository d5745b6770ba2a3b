import { InvalidInputError } from './errors.js';
import { MAX_PAGE_SIZE, encodeCursor, pageFromRows, pageRequest } from './pagination.js';

function problemOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).problems[0];
  }
  throw new Error('expected an InvalidInputError');
}

describe('page requests', () => {
  it('defaults to 20 and accepts 0 to 100', () => {
    expect(pageRequest({})).toEqual({ first: 20, after: null });
    expect(pageRequest({ first: 0 }).first).toBe(0);
    expect(pageRequest({ first: MAX_PAGE_SIZE }).first).toBe(100);
  });

  it('refuses more than 100 per page, as GitHub does, naming the field', () => {
    expect(problemOf(() => pageRequest({ first: 101 }))).toMatchObject({ field: 'first', code: 'MAX_PAGE_SIZE_EXCEEDED' });
    expect(problemOf(() => pageRequest({ first: -1 }, 'items.'))).toMatchObject({ field: 'items.first', code: 'NEGATIVE' });
  });

  it('round-trips its own cursors, which carry nothing but the row id, and refuses anything else', () => {
    const id = '2430783f-f5a2-5d1f-95c4-a693a5224b70';
    const cursor = encodeCursor(id);
    expect(Buffer.from(cursor, 'base64url').toString()).toBe(`c1:${id}`);
    expect(pageRequest({ after: cursor }).after).toBe(id);
    const forged = [
      'garbage',
      encodeCursor('not-a-uuid'),
      Buffer.from(JSON.stringify(['x', id])).toString('base64url'),
      Buffer.from(`c1:${id}' or 1=1 --`).toString('base64url'),
      Buffer.from('c1:\u0000').toString('base64url'),
      '%%%',
    ];
    for (const bad of forged) {
      expect(problemOf(() => pageRequest({ after: bad }))).toMatchObject({ field: 'after', code: 'MALFORMED_CURSOR' });
    }
  });
});

describe('pages from rows fetched with LIMIT first + 1', () => {
  const rows = ['a', 'b', 'c'].map((name, i) => ({ name, id: `0000000${i}-0000-5000-8000-000000000000` }));
  const count = () => Promise.resolve(42);

  it('uses the extra row only to tell that more follow', async () => {
    const page = pageFromRows(rows, { first: 2, after: null }, count);
    expect(page.nodes.map((n) => n.name)).toEqual(['a', 'b']);
    expect(page.hasNextPage).toBe(true);
    expect(page.hasPreviousPage).toBe(false);
    expect(page.cursorOf(page.nodes[1]!)).toBe(encodeCursor(rows[1]!.id));
    expect(await page.totalCount()).toBe(42);
  });

  it('ends when fewer rows come back than asked for', () => {
    const page = pageFromRows(rows, { first: 5, after: rows[0]!.id }, count);
    expect(page.nodes).toHaveLength(3);
    expect(page.hasNextPage).toBe(false);
    expect(page.hasPreviousPage).toBe(true);
  });
});
