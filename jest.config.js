/** Tests run TypeScript through SWC (fast, no type check: `tsc --noEmit` does that in `npm test`). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }] },
  globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
  testTimeout: 120000,
  maxWorkers: process.env.CI ? 2 : '50%',
};
