import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NODE_MAJOR, nodeTooOld } from '../../lib/nodeVersion';

const root = path.resolve(__dirname, '../..');

test('Node 24 is the target everywhere it is named', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
  expect(pkg.engines.node).toBe(`>=${NODE_MAJOR}`);
  expect(fs.readFileSync(path.join(root, '.node-version'), 'utf8').trim().split('.')[0]).toBe(String(NODE_MAJOR));
  expect(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8')).toMatch(new RegExp(`^FROM node:${NODE_MAJOR}-`, 'm'));
  expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(NODE_MAJOR); // the suite itself runs on it
});

test.each([['20.20.2', true], ['22.12.0', true], ['24.0.0', false], ['26.1.0', false]])('Node %s is refused: %s', (v, refused) => {
  expect(nodeTooOld(v) !== undefined).toBe(refused);
});

// Each entry point, started by a Node that reports an older version, prints one line naming the version needed,
// exits 1 and starts nothing (process.versions is redefined before the entry point loads).
test.each([['npm start', 'client/start.ts'], ['npm run web', 'client/http/main.ts'], ['npm run worker', 'worker/main.ts']])(
  '%s on Node 20 says so in one line', (_what, entry) => {
    const dataDir = path.join(root, '.tools', `never-${process.pid}`);
    const r = spawnSync(process.execPath, ['-e', `Object.defineProperty(process.versions, 'node', { value: '20.20.2' }); require('tsx/cjs'); require('./${entry}');`], {
      cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, DATA_DIR: dataDir },
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([nodeTooOld('20.20.2')]);
    expect(r.stderr).toContain('Node 24');
    expect(fs.existsSync(dataDir)).toBe(false);
  });
