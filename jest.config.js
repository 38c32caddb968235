/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json', diagnostics: false }] },
  testTimeout: 60000,
  // A private temp folder for the run, removed at the end: cdk8s' Testing.app() leaves one outdir per call otherwise.
  globalSetup: '<rootDir>/test/support/jest-global-setup.js',
  globalTeardown: '<rootDir>/test/support/jest-global-teardown.js',
  // jest's transform cache lives with the project instead of in the OS temp folder, so a test run leaves that untouched
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
};
