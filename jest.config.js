/** One jest run for the whole repository: unit, subgraph (HTTP + PostgreSQL) and cross-tier tests. */
const packages = {
  kit: 'subgraphs/kit',
  district: 'subgraphs/district',
  street: 'subgraphs/street',
  community: 'subgraphs/community',
  gateway: 'gateway',
  infra: 'infra',
  schema: 'schema',
};

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/subgraphs', '<rootDir>/gateway', '<rootDir>/schema', '<rootDir>/infra', '<rootDir>/tests'],
  testMatch: ['**/src/**/*.test.ts'],
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
  moduleNameMapper: {
    '^@cso/kit/testing$': '<rootDir>/subgraphs/kit/src/testing/index.ts',
    ...Object.fromEntries(Object.entries(packages).map(([name, dir]) => [`^@cso/${name}$`, `<rootDir>/${dir}/src/index.ts`])),
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.test.json' }] },
  globalSetup: '<rootDir>/tests/src/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/src/support/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};
