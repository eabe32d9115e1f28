/** Tests run TypeScript through SWC (fast, no type check: `tsc --noEmit` does that in `npm test`). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
    // sanitize-html's parser (htmlparser2 12 and its dom* packages) ships ESM only; Node loads it with require(esm),
    // Jest's CommonJS runtime cannot, so those files are compiled to CommonJS like our own.
    '/node_modules/sanitize-html/node_modules/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
    // The same for content-disposition 3 and cookie 2 (ESM only), which @fastify/static requires and @fastify/cookie
    // imports dynamically (an import() Jest can only run once it is compiled to a require).
    '/node_modules/(content-disposition|cookie|@fastify/cookie)/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['^(?!.*/node_modules/(sanitize-html/node_modules|content-disposition|cookie|@fastify/cookie)/).*/node_modules/'],
  globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
  testTimeout: 120000,
  maxWorkers: process.env.CI ? 2 : '50%',
};
