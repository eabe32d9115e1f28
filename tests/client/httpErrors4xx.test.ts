/** Issue 13 finding 7: requests that answered 500 answer a clear 4xx naming what is wrong. */
import { harness, type Harness } from './consoleHarness';

let h: Harness;
beforeAll(async () => {
  // The real backend queries whatever workflow has the id; an application's answers with an application's state.
  h = await harness({
    async itemState(id: string) {
      if (id.startsWith('application-')) return { applicationId: id, stage: 'registered' } as never;
      return null;
    },
  });
});
afterAll(() => h?.close());

test('/site/%25 (a path that does not decode twice) is 404', async () => {
  const res = await h.get('/site/%25');
  expect(res.statusCode).toBe(404);
  expect((await h.get('/site/%E4%B8%AD%25zz.html')).statusCode).toBe(404);
});

test('add-workdays beyond the calendar’s years is 400 naming from', async () => {
  const { cookie } = await h.login('li.na');
  const res = await h.get('/api/calendar/add-workdays?from=2100-01-01&workdays=1', cookie);
  expect(res.statusCode).toBe(400);
  expect(JSON.parse(res.body)).toMatchObject({ error: 'bad_request', field: 'from' });
  expect((await h.get('/api/calendar/add-workdays?from=2026-03-02&workdays=1', cookie)).statusCode).toBe(200);
});

test('a substitute who is not a user is 400 naming the field; nothing is stored', async () => {
  const { cookie, csrf } = await h.login('li.na');
  const res = await h.postJson('/api/account/substitutes', cookie, csrf, { substitute: 'nobody', from: '2026-03-02', to: '2026-03-06' });
  expect(res.statusCode).toBe(400);
  expect(res.body).toContain('代理人');
  expect(await h.db.selectFrom('substitutes').selectAll().execute()).toEqual([]);
});

test('GET /api/items/application-… is 404, not the item over an application', async () => {
  const { cookie } = await h.login('zhou.min');
  expect((await h.get('/api/items/application-TEST-2026-0001', cookie)).statusCode).toBe(404);
});
