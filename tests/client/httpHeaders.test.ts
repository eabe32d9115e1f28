import type { Client } from '@temporalio/client';
import { buildServer } from '../../client/http/server';
import { freshRegister } from '../../testing/register';
import { testConfig } from '../../testing/deps';
import { harness, ITEM, type Harness } from './consoleHarness';
import { request } from './httpClient';

/** Headers from @fastify/helmet, and the origin check of state-changing requests beside the CSRF token. */
let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h?.close());

test('the app\'s pages carry a CSP of its own scripts only, frame denial, nosniff, same-origin referrers; no HSTS on plain http', async () => {
  const res = await h.get('/tasks');
  expect(res.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
  expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['referrer-policy']).toBe('same-origin');
  expect(res.headers['strict-transport-security']).toBeUndefined();
});

test('HSTS is sent when the public URL is https', async () => {
  const db = await freshRegister();
  const app = await buildServer({ config: testConfig({ PUBLIC_URL: 'https://gongkai.example.gov.cn' }), db, temporal: {} as Client, close: async () => {} });
  try {
    expect((await request(app, { method: 'GET', url: '/' })).headers['strict-transport-security']).toMatch(/max-age=31536000/);
  } finally {
    await app.close();
    await db.destroy();
  }
});

test('a state-changing request from another site is refused even with a valid token, and logged', async () => {
  const { cookie, csrf } = await h.login('li.na');
  const body = JSON.stringify({ action: 'claim' });
  const send = (extra: Record<string, string>) =>
    request(h.app, { method: 'POST', url: `/api/items/${ITEM}/actions`, headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrf, ...extra }, payload: body });
  const before = h.acted.length;
  const foreign: Record<string, string>[] = [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'https://evil.example' }];
  for (const extra of foreign) {
    const res = await send(extra);
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'csrf' });
  }
  expect(h.acted.length).toBe(before);
  const logged = await h.db.selectFrom('audit_log').select('detail').where('actor', '=', 'li.na').where('outcome', '=', 'refused').execute();
  expect(logged.map((r) => r.detail)).toEqual(expect.arrayContaining([expect.stringContaining('cross-site'), expect.stringContaining('https://evil.example')]));
  expect((await send({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(200);
  expect((await send({ origin: 'http://127.0.0.1:3000' })).statusCode).toBe(200);
});
