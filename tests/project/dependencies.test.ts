/**
 * A production install (`npm ci --omit=dev`) has only `dependencies`: what the worker, the web server, `npm start`
 * and the CLI import, following their relative imports from the entry points, must be there. And every npm
 * script names a file that exists.
 */
import { builtinModules } from 'node:module';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>; dependencies: Record<string, string>; devDependencies: Record<string, string>;
};
const specifier = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

function resolveLocal(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  return [base, `${base}.ts`, `${base}.js`, path.join(base, 'index.ts'), path.join(base, 'index.js')]
    .find((c) => existsSync(c) && statSync(c).isFile());
}

/** The packages the files reachable from `entries` import, with one file that imports each. */
function packagesOf(entries: string[]): Map<string, string> {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const todo = entries.map((e) => path.join(root, e));
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(specifier)) {
      if (spec.startsWith('.')) {
        const local = resolveLocal(file, spec);
        if (!local) throw new Error(`${path.relative(root, file)}: cannot resolve ${spec}`);
        todo.push(local);
      } else if (!spec.startsWith('node:') && !builtinModules.includes(spec.split('/')[0])) {
        const name = spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
        if (!packages.has(name)) packages.set(name, path.relative(root, file));
      }
    }
  }
  return packages;
}

test.each([
  ['npm run worker (and the workflow bundle)', ['worker/main.ts', 'workflows/index.ts', 'worker/preload.ts']],
  ['npm run web', ['client/http/main.ts']],
  ['npm start', ['client/start.ts']],
  ['the CLI', ['bin/gongkai.js', 'client/cli/main.ts']],
])('%s imports runtime dependencies only', (_what, entries) => {
  const packages = packagesOf(entries);
  expect(packages.has('@temporalio/client')).toBe(true); // the walk does find imports
  const missing = [...packages].filter(([name]) => !(name in pkg.dependencies)).map(([name, file]) => `${name} (${file})`);
  expect(missing).toEqual([]);
});

test('test-only packages are devDependencies', () => {
  for (const name of ['@temporalio/testing', 'smtp-server', 'mailparser', 'yaml', 'fast-check', 'playwright-core']) {
    expect(pkg.dependencies).not.toHaveProperty([name]);
    expect(pkg.devDependencies).toHaveProperty([name]);
  }
});

test('every file an npm script runs exists', () => {
  const files = Object.values(pkg.scripts).flatMap((cmd) => cmd.match(/[\w./-]+\.(?:ts|js|sh)\b/g) ?? []);
  expect(files.length).toBeGreaterThan(0);
  expect(files.filter((f) => !existsSync(path.join(root, f)))).toEqual([]);
});
