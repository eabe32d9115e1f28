import { harness, type Harness } from './consoleHarness';

/**
 * The console app at the site's root: a page address is answered with the app (its router draws the page), an
 * address of the API or a missing asset is a 404 in the error shape, and the app's old /app/ addresses lead to the
 * same pages. The global setup builds the app.
 */
let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h?.close());

test.each(['/', '/tasks', '/applications/TEST-2026-0001', '/help/deadlines'])('%s is the app', async (url) => {
  const res = await h.get(url);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  expect(res.body).toMatch(/<script type="module"[^>]* src="\/assets\/[^"]+\.js"/);
  expect(res.headers['cache-control']).toBe('no-cache');
});

test('an address of the API, or an asset this build does not have, is a 404 in Chinese, not the app', async () => {
  for (const url of ['/api/no-such-route', '/assets/old-chunk-1234.js']) {
    const res = await h.get(url);
    expect(res.statusCode).toBe(404);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'not_found', message: expect.stringMatching(/^没有这个地址/) });
  }
  const { cookie, csrf } = await h.login('li.na');
  expect((await h.postJson('/tasks', cookie, csrf, {})).statusCode).toBe(404);
});

test('the app\'s old /app/ addresses lead to the same page', async () => {
  for (const [from, to] of [['/app', '/'], ['/app/', '/'], ['/app/items/item-1?tab=diff', '/items/item-1?tab=diff']]) {
    const res = await h.get(from);
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe(to);
  }
});
