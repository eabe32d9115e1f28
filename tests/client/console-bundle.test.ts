import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { consoleOutDir } from '../../client/consoleBuild';

/**
 * The first page a clerk opens (the login, then 我的待办) loads index.html's script, the modules it imports
 * statically and its stylesheet; every other page comes later. The global setup builds the app when stale.
 */
const LIMIT = 400 * 1024;

function firstPageFiles(): string[] {
  const html = fs.readFileSync(path.join(consoleOutDir, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]);
  const seen = new Set<string>();
  const visit = (rel: string) => {
    if (seen.has(rel)) return;
    seen.add(rel);
    if (!rel.endsWith('.js')) return;
    const code = fs.readFileSync(path.join(consoleOutDir, rel), 'utf8');
    // Static imports between chunks (`import{a as b}from"./x.js"`); `import("./y.js")` is lazy and not followed.
    for (const m of code.matchAll(/(?:^|[;\s}])import\s*(?:[\w${},\s*]+from\s*)?["'](\.\/[^"']+\.js)["']/g)) visit(path.posix.join('assets', m[1].slice(2)));
  };
  refs.forEach(visit);
  return [...seen];
}

test('the first page of the console app is under 400 KB of gzipped JavaScript and CSS', () => {
  const files = firstPageFiles();
  expect(files.some((f) => f.endsWith('.js'))).toBe(true);
  const gzipped = files.reduce((n, f) => n + gzipSync(fs.readFileSync(path.join(consoleOutDir, f))).length, 0);
  expect(gzipped).toBeGreaterThan(50 * 1024); // React and antd are in it: the measure found the real bundle
  expect(gzipped).toBeLessThan(LIMIT);
});

test('the pages behind the menu are separate chunks, loaded when opened', () => {
  const all = fs.readdirSync(path.join(consoleOutDir, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
  const first = new Set(firstPageFiles());
  expect(all.filter((f) => !first.has(f)).some((f) => /ItemDetail/.test(f))).toBe(true);
});
