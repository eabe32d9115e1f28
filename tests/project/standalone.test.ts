/**
 * The project stands alone: a clone has no sibling folders and no design notes outside the repository, so no file
 * may read or cite them. What the code cites, docs/ contains.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const skipped = new Set(['node_modules', '.git', '.tools', 'data', 'coverage', 'tmp']);
const textFile = /\.(ts|js|json|md|txt|sh|yml|yaml|example|compose)$|^Dockerfile$/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (skipped.has(name)) return [];
    const p = path.join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) return files(p);
    return textFile.test(name) && st.size < 2_000_000 ? [p] : [];
  });
}

// Built by pieces so that this file does not match itself.
const outside = ['..' + '/shared', 'STYLE' + '.md', 'statute' + '.md', 'clock-events' + '.md', 'features' + '.md'];

test('no file reads or cites a path outside the repository', () => {
  const hits = files(root).flatMap((f) => {
    const text = readFileSync(f, 'utf8');
    return outside.filter((o) => text.includes(o)).map((o) => `${path.relative(root, f)}: ${o}`);
  });
  expect(hits).toEqual([]);
});

test('every docs/ file the code cites exists', () => {
  const missing = files(root).flatMap((f) => {
    const cited = readFileSync(f, 'utf8').match(/\bdocs\/[\w-]+\.md\b/g) ?? [];
    return cited.filter((d) => !statSync(path.join(root, d), { throwIfNoEntry: false })).map((d) => `${path.relative(root, f)}: ${d}`);
  });
  expect(missing).toEqual([]);
});
