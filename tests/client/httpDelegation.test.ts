/**
 * Issue 13 finding 9: a supervisor delegates a review task only to a member of the stage's group (API); an out-of-office substitute is another, known, active user.
 */
import { harness, ITEM, type Harness } from './consoleHarness';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h?.close());

const refused = (action: string) => h.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('outcome', '=', 'refused').execute();

test.each([
  ['liu.yang', 'outside the first stage’s group'],
  ['nobody', 'not a user'],
])('delegating to %s (%s) is refused, logged, nothing sent', async (to) => {
  const { cookie, csrf } = await h.login('zhou.min');
  const sent = h.acted.length;
  const before = (await refused('item.delegate')).length;
  const api = await h.postJson(`/api/items/${ITEM}/actions`, cookie, csrf, { action: 'delegate', to });
  expect(api.statusCode).toBe(422);
  expect(JSON.parse(api.body)).toMatchObject({ field: 'to' });
  expect(h.acted.length).toBe(sent);
  expect((await refused('item.delegate')).length - before).toBe(1);
});

test('delegating to a member of the stage’s group goes through', async () => {
  const { cookie, csrf } = await h.login('zhou.min');
  const res = await h.postJson(`/api/items/${ITEM}/actions`, cookie, csrf, { action: 'delegate', to: 'li.na' });
  expect(res.statusCode).toBe(200);
  expect(h.acted.at(-1)).toMatchObject({ id: ITEM, user: 'zhou.min', action: 'delegate' });
});

test.each([
  ['wang.fang', 'oneself'],
  ['nobody', 'an unknown user'],
])('%s may not name %s as substitute: 400 naming 代理人, nothing stored', async (user, what) => {
  const { cookie, csrf } = await h.login('wang.fang');
  const substitute = what === 'oneself' ? user : 'nobody';
  const res = await h.postJson('/api/account/substitutes', cookie, csrf, { substitute, from: '2026-03-02', to: '2026-03-06' });
  expect(res.statusCode).toBe(400);
  expect(res.body).toContain('代理人');
  expect(await h.db.selectFrom('substitutes').selectAll().execute()).toEqual([]);
});

test('another active user may be named substitute', async () => {
  const { cookie, csrf } = await h.login('wang.fang');
  const res = await h.postJson('/api/account/substitutes', cookie, csrf, { substitute: 'li.na', from: '2026-03-02', to: '2026-03-06' });
  expect(res.statusCode).toBe(201);
  expect(await h.db.selectFrom('substitutes').select(['user_id', 'substitute']).execute()).toEqual([{ user_id: 'wang.fang', substitute: 'li.na' }]);
});
