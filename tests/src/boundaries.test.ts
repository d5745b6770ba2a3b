import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROLES } from '@cso/contracts';
import { REPO } from './support/pruned.js';

/**
 * The boundaries of "each tier owns its code", checked on the source: the platform knows no tier,
 * role or table of a tier; no tier imports another; composition imports no subgraph; resolvers stay
 * thin; time comes from the clock.
 */
const TIERS = ['district', 'street', 'community'] as const;
/** Tables the platform itself owns in every service's database. */
const PLATFORM_TABLES = new Set(['outbox', 'inbox', 'audit_record', 'mikro_orm_migrations']);

function files(dir: string, filter = (path: string) => path.endsWith('.ts')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : files(path, filter);
    return filter(path) ? [path] : [];
  });
}
const source = (path: string) => readFileSync(path, 'utf8');
const rel = (path: string) => relative(REPO, path);

/** The tables each tier creates, read from its migrations. */
function tierTables(): string[] {
  return TIERS.flatMap((tier) =>
    files(join(REPO, 'subgraphs', tier, 'src', 'migrations')).flatMap((f) =>
      [...source(f).matchAll(/create table "([a-z_]+)"/g)].map((m) => m[1]!),
    ),
  ).filter((t) => !PLATFORM_TABLES.has(t));
}

describe('the platform', () => {
  const platformFiles = files(join(REPO, 'subgraphs', 'platform', 'src'));

  it('names no tier and no role', () => {
    const words = [...TIERS, ...ROLES.map((r) => r.toLowerCase())];
    const found = platformFiles.flatMap((f) =>
      words
        .filter((w) => source(f).toLowerCase().replace(/_/g, ' ').includes(w.replace(/_/g, ' ')))
        .map((w) => `${rel(f)}: ${w}`),
    );
    expect(found).toEqual([]);
  });

  it('names no table of a tier', () => {
    const tables = [...new Set(tierTables())];
    expect(tables.length).toBeGreaterThan(10);
    const found = platformFiles.flatMap((f) =>
      tables.filter((t) => new RegExp(`\\b${t}s?\\b`, 'i').test(source(f))).map((t) => `${rel(f)}: ${t}`),
    );
    expect(found).toEqual([]);
  });

  it('depends on no tier, contract or fixture package', () => {
    const pkg = JSON.parse(source(join(REPO, 'subgraphs', 'platform', 'package.json'))) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(pkg.dependencies).filter((d) => d.startsWith('@cso/'))).toEqual([]);
  });
});

describe.each(TIERS)('the %s tier', (tier) => {
  const dir = join(REPO, 'subgraphs', tier);
  const srcFiles = files(join(dir, 'src'));
  const others = TIERS.filter((t) => t !== tier);

  it('imports no other tier, by package or by path', () => {
    const found = srcFiles.flatMap((f) => {
      const imports = [...source(f).matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
      return imports
        .filter((i) => others.some((o) => i === `@cso/${o}` || i.includes(`/${o}/src`) || i.startsWith('../../')))
        .map((i) => `${rel(f)}: ${i}`);
    });
    expect(found).toEqual([]);
  });

  it('depends on the platform and the contracts only; the demo world is a development dependency', () => {
    const pkg = JSON.parse(source(join(dir, 'package.json'))) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(
      Object.keys(pkg.dependencies)
        .filter((d) => d.startsWith('@cso/'))
        .sort(),
    ).toEqual(['@cso/contracts', '@cso/platform']);
    expect(Object.keys(pkg.devDependencies)).toContain('@cso/demo-world');
  });

  it('loads the demo world only inside its seeder, on demand', () => {
    const users = srcFiles.filter((f) => !f.endsWith('.test.ts') && source(f).includes("'@cso/demo-world'")).map(rel);
    expect(users.every((f) => f.includes('/src/seed/'))).toBe(true);
    expect(source(join(dir, 'src', 'app.ts'))).toMatch(/await import\('\.\/seed\/seed\.js'\)/);
  });

  it('keeps resolvers thin: no SQL, no transactions, no inline time', () => {
    const resolvers = srcFiles.filter((f) => f.endsWith('.resolver.ts'));
    expect(resolvers.length).toBeGreaterThan(2);
    const found = resolvers.flatMap((f) => {
      const text = source(f);
      return [
        /\.execute(<[^>]*>)?\(/.test(text) && 'SQL',
        /\b(select|insert into|update|delete from)\s+[a-z_"]+\s/i.test(text.replace(/description:\s*'[^']*'/g, '')) && 'SQL text',
        /\.transactional\(/.test(text) && 'transaction',
        /new Date\(\)|Date\.now\(\)/.test(text) && 'time',
      ]
        .filter(Boolean)
        .map((what) => `${rel(f)}: ${what}`);
    });
    expect(found).toEqual([]);
  });

  it('reads the time from the clock', () => {
    const found = srcFiles
      .filter((f) => !f.endsWith('.test.ts') && !f.endsWith('.entity.ts'))
      .filter((f) => /new Date\(\)|Date\.now\(\)/.test(source(f)))
      .map(rel);
    expect(found).toEqual([]);
  });
});

describe('composition', () => {
  it('reads SDL files only: the registry imports no subgraph', () => {
    const found = files(join(REPO, 'schema', 'registry', 'src')).filter((f) =>
      /from '@cso\/(district|street|community)'/.test(source(f)),
    );
    expect(found).toEqual([]);
    const pkg = JSON.parse(source(join(REPO, 'schema', 'registry', 'package.json'))) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies).filter((d) => TIERS.some((t) => d === `@cso/${t}`))).toEqual([]);
  });
});
