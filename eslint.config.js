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
const determinismGuard = {
  'no-restricted-imports': ['error', {
    paths: ioModules.map((name) => ({ name, message: 'no I/O in workflows/ or domain/: do it in an activity', allowTypeImports: true })),
    patterns: [
      { group: ['node:*'], message: 'no Node built-ins in workflows/ or domain/', allowTypeImports: true },
      { group: ['**/register/*', '**/activities/*', '**/activities/**/*', '**/client/*', '**/worker/*', '**/config', '**/config/*'], message: 'workflows/ and domain/ reach I/O only through activities', allowTypeImports: true },
    ],
  }],
};

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
  { files: ['workflows/**/*.ts', 'domain/**/*.ts'], rules: determinismGuard },
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
