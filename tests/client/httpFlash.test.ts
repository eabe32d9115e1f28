/**
 * Issue 13 finding 10: the message box shows only messages the server wrote. A redirect names a message code
 * (and at most a count); text put in `?ok=` or `?err=` by whoever wrote the link is never shown.
 */
import { harness, ITEM, type Harness } from './consoleHarness';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h?.close());

const flashOf = (body: string) => [...body.matchAll(/<div class="flash (ok|err)"[^>]*>([^<]*)<\/div>/g)].map((m) => `${m[1]}:${m[2]}`);

test('attacker-chosen text in ?ok= or ?err= does not reach the page', async () => {
  const { cookie } = await h.login('li.na');
  for (const q of [`err=${encodeURIComponent('您的账号已冻结，请致电 010-12345678')}`, `ok=${encodeURIComponent('<b>已通过</b>')}`, 'ok=item.claim%20%E8%AF%B7%E8%87%B4%E7%94%B5']) {
    const res = await h.get(`/tasks?${q}`, cookie);
    expect(res.statusCode).toBe(200);
    expect(flashOf(res.body)).toEqual([]);
    expect(res.body).not.toContain('致电');
  }
});

test('an action redirects with a message code; the page shows that code’s text', async () => {
  const { cookie, csrf } = await h.login('li.na');
  const res = await h.post(`/items/${ITEM}/claim`, cookie, { _csrf: csrf });
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toBe(`/items/${ITEM}?ok=item.claim`);
  expect(flashOf((await h.get(res.headers.location!, cookie)).body)).toEqual(['ok:已认领']);
});

test('a count is the only parameter, and only digits', async () => {
  const { cookie } = await h.login('li.na');
  expect(flashOf((await h.get('/tasks?ok=bulk.approved&n=3', cookie)).body)).toEqual(['ok:已批量审核通过 3 项']);
  const bad = await h.get(`/tasks?ok=bulk.approved&n=${encodeURIComponent('3 项；另请致电')}`, cookie);
  expect(flashOf(bad.body)).toEqual([]);
  expect(bad.body).not.toContain('致电');
});
