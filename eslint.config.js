// @ts-check
const tseslint = require('typescript-eslint');
const js = require('@eslint/js');

// Workflows replay deterministically inside Temporal's sandbox and domain/ runs there too:
// no Node built-ins, no mail, no database, no SDK parts that do I/O. Type-only imports are fine.
const ioModules = [
  'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'tls', 'dns', 'stream', 'zlib', 'worker_threads',
  'nodemailer', 'better-sqlite3', 'pg', 'kysely', 'fastify', 'smtp-server', 'mailparser', 'docx',
  '@temporalio/activity', '@temporalio/worker', '@temporalio/client', '@temporalio/testing',
];
// Imports point one way (CONTRIBUTING.md, "Where things go"): domain/ is pure and knows no Temporal; workflows/ use
// domain/; activities/ and register/ do the I/O; worker/ runs workflows and activities; client/ talks to workflows
// through their definitions only; nothing in production reaches the tests or their harness (testing/).
// A relative path into a top-level folder of the project, from anywhere in it (`../client/context`, `../../tests/x`).
const into = (folder) => `^(\\.\\.?/)+(${folder})(/|$)`;
const notTests = [
  { regex: into('tests|testing'), message: 'production code does not import the tests or their harness (testing/)' },
];
const noIoPatterns = [
  { group: ['node:*'], message: 'no Node built-ins in workflows/ or domain/', allowTypeImports: true },
  { group: ['**/register/*', '**/activities/*', '**/activities/**/*', '**/client/*', '**/worker/*', '**/config', '**/config/*', '**/lib/*'], message: 'workflows/ and domain/ reach I/O only through activities', allowTypeImports: true },
];
const ioPaths = ioModules.map((name) => ({ name, message: 'no I/O in workflows/ or domain/: do it in an activity', allowTypeImports: true }));
const restrict = (patterns, paths = []) => ({ 'no-restricted-imports': ['error', { paths, patterns }] });

const determinismGuard = restrict([...noIoPatterns, ...notTests], ioPaths);
const domainGuard = restrict([
  ...noIoPatterns,
  ...notTests,
  { group: ['@temporalio/*'], message: 'domain/ imports no Temporal package: signal, update and search-attribute definitions live beside the workflows (workflows/)' },
  { regex: into('workflows'), message: 'domain/ does not import workflows/: the workflows use domain/, not the other way', allowTypeImports: true },
], ioPaths);
const workerGuard = restrict([
  ...notTests,
  { regex: into('client'), message: 'worker/ does not import client/: what both need goes to config/ or domain/' },
]);
const clientGuard = restrict([
  ...notTests,
  {
    // Values only from the definitions (updates, queries, signals, search attributes), which hold no workflow code.
    regex: `${into('workflows')}(?!(\\w+/definitions|searchAttributes|recompute)$)`,
    message: 'client/ imports workflow code only as types (import type): start workflows by name; values come from the definitions modules',
    allowTypeImports: true,
  },
]);
const benchGuard = restrict([{ regex: into('tests'), message: 'bench/ does not import from tests/: the shared harness is testing/' }]);
const productionGuard = restrict(notTests);

module.exports = tseslint.config(
  { ignores: ['node_modules/', '.tools/', 'data/', 'coverage/', 'docs/', '**/*.js', '!bin/*.js', '!scripts/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['bin/*.js', 'scripts/*.js', 'eslint.config.js', 'jest.config.js'] }, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['activities/**/*.ts', 'register/**/*.ts', 'config/**/*.ts', 'lib/**/*.ts'], rules: productionGuard },
  { files: ['workflows/**/*.ts'], rules: determinismGuard },
  { files: ['domain/**/*.ts'], rules: domainGuard },
  { files: ['worker/**/*.ts'], rules: workerGuard },
  { files: ['client/**/*.ts'], rules: clientGuard },
  // The console app runs in the browser: it reaches the server through the HTTP API only, and shares domain/.
  {
    files: ['client/console/**/*.ts', 'client/console/**/*.tsx'],
    rules: restrict([...notTests, { regex: into('register|activities|workflows|worker|config|lib|http|services|cli'), message: 'the console app reaches the server through the HTTP API; it imports only domain/ and its own files' }]),
  },
  { files: ['bench/**/*.ts'], rules: benchGuard },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'domain/ is deterministic: take randomness as an argument' },
        { object: 'Date', property: 'now', message: 'domain/ takes now/today as an argument' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'domain/ takes now/today as an argument' }],
    },
  },
  { files: ['workflows/**/*.ts'], rules: { 'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'use the SDK\'s uuid4() or pass randomness in' }] } },
  {
    files: ['bin/*.js', 'scripts/*.js', 'client/cli/*.ts'], // the CLI loads its parts lazily with require (see main.ts)
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['bin/*.js', 'scripts/*.js'], languageOptions: { globals: { require: 'readonly', process: 'readonly', __dirname: 'readonly', module: 'writable' } }, rules: { 'no-undef': 'off' } },
);
