/**
 * The root `npm test`: every package's own tests in one jest run (each package's jest.config.js is
 * a project; `npm test -w <package>` runs one alone). One PostgreSQL serves the whole run.
 */
export default {
  projects: [
    '<rootDir>/subgraphs/platform',
    '<rootDir>/schema/contracts',
    '<rootDir>/subgraphs/demo-world',
    '<rootDir>/subgraphs/district',
    '<rootDir>/subgraphs/street',
    '<rootDir>/subgraphs/community',
    '<rootDir>/schema/registry',
    '<rootDir>/gateway',
    '<rootDir>/infra/launcher',
    '<rootDir>/tests',
  ],
  maxWorkers: 2,
  testTimeout: 60_000,
};
