import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/**
 * The jest configuration of a package (`export default jestConfig(import.meta.url)` in its
 * jest.config.js): TypeScript through ts-jest as ESM, tests under src/, and the shared PostgreSQL
 * set-up. Packages import each other's built output (dist), as they do in production.
 */
export function jestConfig(configUrl: string, options: { testTimeout?: number } = {}) {
  const rootDir = dirname(fileURLToPath(configUrl));
  return {
    rootDir,
    displayName: (JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')) as { name: string }).name,
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    testMatch: ['<rootDir>/src/**/*.test.ts'],
    modulePathIgnorePatterns: ['<rootDir>/dist/'],
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: require.resolve('@cso/tsconfig/test.json') }] },
    globalSetup: fileURLToPath(new URL('./global-setup.js', import.meta.url)),
    globalTeardown: fileURLToPath(new URL('./global-teardown.js', import.meta.url)),
    testTimeout: options.testTimeout ?? 60_000,
  };
}
