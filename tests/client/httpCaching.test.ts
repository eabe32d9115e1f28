/**
 * Issue 13 finding 11: API responses (personal data: users, applicants, drafts) carry Cache-Control: no-store,
 * so no browser or proxy keeps them; a response sets each cookie once.
 */
import { cookiesOf, harness, ITEM, type Harness } from './consoleHarness';
import { request } from './httpClient';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h?.close());

test('login sets the session cookie once, and no other', async () => {
  const { res, cookies } = await h.login('li.na');
  expect(res.statusCode).toBe(200);
  expect(cookies.filter((c) => c.startsWith('gk_session='))).toHaveLength(1);
  expect(cookies).toHaveLength(1);
});

test('logout clears the session cookie once', async () => {
  const { cookie, csrf } = await h.login('li.na');
  const res = await request(h.app, { method: 'DELETE', url: '/api/session', headers: { cookie, 'x-csrf-token': csrf } });
  expect(res.statusCode).toBe(200);
  expect(cookiesOf(res).filter((c) => c.startsWith('gk_session='))).toHaveLength(1);
});

test.each(['/api/me', `/api/items/${ITEM}`, '/api/applications', '/api/tasks'])('%s is Cache-Control: no-store', async (url) => {
  const { cookie } = await h.login('zhou.min');
  const res = await h.get(url, cookie);
  expect(res.statusCode).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
});

test('an API error is not cached either', async () => {
  const res = await h.get('/api/me');
  expect(res.statusCode).toBe(401);
  expect(res.headers['cache-control']).toBe('no-store');
});
