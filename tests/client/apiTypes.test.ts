import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');

/**
 * The committed client types are what the route schemas give now: a schema changed without `npm run api:types`
 * fails here. The generator runs as its own process (openapi-typescript's parser is ESM only, which Jest's
 * CommonJS runtime cannot load), printing what it would write.
 */
test('client/api/openapi.d.ts is current (run `npm run api:types` after changing a route schema)', () => {
  const generated = execFileSync(path.join(root, 'node_modules/.bin/tsx'), ['scripts/api-types.ts', '--stdout'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(fs.readFileSync(path.join(root, 'client/api/openapi.d.ts'), 'utf8')).toBe(generated);
});
