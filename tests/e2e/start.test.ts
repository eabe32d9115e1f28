import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../../testing/tools';

const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

test('a bad configuration stops start-up with one line naming the variable, and nothing starts', () => {
  const dataDir = path.join(os.tmpdir(), `gongkai-bad-${process.pid}`);
  const r = spawnSync(tsx, ['client/start.ts'], {
    cwd: repoRoot,
    env: { ...process.env, DATA_DIR: dataDir, WEB_PORT: 'eighty', SMTP_URL: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.status).toBe(1);
  expect(r.stderr.trim().split('\n')).toEqual(['invalid configuration: WEB_PORT: Invalid input: expected number, received NaN']);
  expect(fs.existsSync(dataDir)).toBe(false);
});

test('npm start brings up Temporal, the worker and the web server on a fresh data dir, and Ctrl-C stops them all', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-start-'));
  const [web, dev, ui] = [await freePort(), await freePort(), await freePort()];
  const child = spawn(tsx, ['client/start.ts'], {
    cwd: repoRoot,
    env: { ...process.env, DATA_DIR: dataDir, WEB_PORT: String(web), TEMPORAL_DEV_PORT: String(dev), TEMPORAL_UI_PORT: String(ui), SMTP_URL: '', DATABASE_URL: '', TEMPORAL_ADDRESS: '', REVIEW_AUTHORITY: '', COURT: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  try {
    const deadline = Date.now() + 90_000;
    while (!out.includes('Press Ctrl-C')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // The reply letters' 复议机关 and court are unset: start-up says so, and what it costs (行政复议法 第二十条第三款).
    expect(out).toMatch(/warning: REVIEW_AUTHORITY is unset: .*行政复议法 第二十条第三款/);
    expect(out).toContain('warning: COURT is unset');
    const url = /web console and API: (\S+)\//.exec(out)?.[1];
    expect(url).toBe(`http://127.0.0.1:${web}`);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, temporal: true, register: true, mail: true });
    expect(fs.existsSync(path.join(dataDir, 'temporal.db'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'register.db'))).toBe(true);
    // The embedded defaults encrypt histories too: a key ring only its owner can read.
    expect(fs.statSync(path.join(dataDir, 'payload-keys')).mode & 0o777).toBe(0o600);
  } finally {
    child.kill('SIGINT');
  }
  const code = await new Promise((r) => child.once('exit', r));
  expect(code).toBe(0);
  await expect(fetch(`http://127.0.0.1:${web}/healthz`)).rejects.toThrow();
  // The dev server went with it: its port is free again.
  await new Promise<void>((resolve, reject) => {
    const s = net.createServer().once('error', reject).listen(dev, '127.0.0.1', () => s.close(() => resolve()));
  });
});
