import 'reflect-metadata';
import { PostgreSqlPlatform, type MikroORM } from '@mikro-orm/postgresql';
import { uuidArray } from './ids.js';
import { escapeLiteral } from './orm.js';
import { platformTestOrm } from './testing/index.js';

let orm: MikroORM;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ orm, stop } = await platformTestOrm('orm'));
});

afterAll(async () => {
  await stop?.();
});

/** Strings with what a literal must escape, and what it must leave alone. */
const TRICKY = [
  '',
  'plain',
  "O'Brien",
  "''",
  'back\\slash',
  "both ' and \\ and \\'",
  '\\',
  "'",
  '社区合唱团 “晨曦”',
  'emoji 🎵 and \t tab \n newline',
  '$1 ? ?? :: -- /* */ ;',
  '{a,"b c",\\"d\\"}',
];

describe("the ORM's string literals", () => {
  it("are the text MikroORM's own escapeLiteral makes", () => {
    // MikroORM's own (private in its types, called by its own formatting).
    const mikro = new PostgreSqlPlatform() as unknown as { escapeLiteral: (value: string) => string };
    // Random strings over an alphabet heavy in quotes and backslashes, besides the chosen ones.
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0), seed);
    const alphabet = ["'", '\\', 'a', '"', ' ', '队', 'E', '\n'];
    const random = Array.from({ length: 200 }, () =>
      Array.from({ length: next() % 24 }, () => alphabet[next() % alphabet.length]).join(''),
    );
    for (const value of [...TRICKY, ...random]) expect(escapeLiteral(value)).toBe(mikro.escapeLiteral(value));
  });

  it('are what the ORM sends, and PostgreSQL reads every value back unchanged', async () => {
    const platform = orm.em.getConnection().getPlatform() as unknown as { escapeLiteral: unknown };
    expect(platform.escapeLiteral).toBe(escapeLiteral);
    // Only this ORM's platform: MikroORM's class keeps its own.
    expect((PostgreSqlPlatform.prototype as unknown as { escapeLiteral: unknown }).escapeLiteral).not.toBe(escapeLiteral);
    const em = orm.em.fork();
    for (const value of TRICKY) {
      const [row] = await em.execute<{ v: string }[]>('select ?::text as v', [value], 'all');
      expect(row!.v).toBe(value);
    }
    const ids = ['6f1c2f1e-0b7a-4c3e-9a51-0c6f1b2d3e4f', '00000000-0000-4000-8000-000000000001'];
    const [row] = await em.execute<{ n: number; first: string }[]>(
      'select cardinality(?::uuid[]) as n, (?::uuid[])[1]::text as first',
      [uuidArray(ids), uuidArray(ids)],
      'all',
    );
    expect(row).toEqual({ n: 2, first: ids[0] });
  });
});
