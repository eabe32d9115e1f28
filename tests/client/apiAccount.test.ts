/**
 * One's own account through the typed client (issue 13): the password change, with the current password checked,
 * slowed after failures and capped per quarter hour, and 外出代理人 (never oneself, never an unknown user).
 */
import { createApiClient, type ApiClient } from '../../client/api/client';
import { harness, type Harness } from './consoleHarness';
import { listen } from './httpClient';

let h: Harness;
let base: string;
beforeAll(async () => {
  h = await harness();
  base = await listen(h.app);
});
afterAll(() => h?.close());

async function as(user: string, password = 'gongkai-demo'): Promise<{ api: ApiClient; cookie: string }> {
  const { cookie } = await h.login(user, password);
  const api = createApiClient(base, undefined, { headers: { cookie } });
  api.setCsrf((await api.GET('/api/me')).data!.csrf);
  return { api, cookie };
}

test('the password change needs the current password and a confirmed new one; it ends the other sessions', async () => {
  const { api } = await as('wang.fang');
  const { cookie: other } = await h.login('wang.fang');
  const mismatch = await api.POST('/api/account/password', { body: { current: 'gongkai-demo', password: 'a-new-password-1', confirm: 'another-one-2' } });
  expect([mismatch.response.status, mismatch.error?.field]).toEqual([400, 'confirm']);
  const short = await api.POST('/api/account/password', { body: { current: 'gongkai-demo', password: 'short', confirm: 'short' } });
  expect([short.response.status, short.error?.field, short.error?.message]).toEqual([400, 'password', expect.stringContaining('至少 10 位')]);
  const wrong = await api.POST('/api/account/password', { body: { current: 'not-my-password', password: 'a-new-password-1', confirm: 'a-new-password-1' } });
  expect([wrong.response.status, wrong.error?.field, wrong.error?.message]).toEqual([403, 'current', '当前密码错误。']);
  // One failure does not yet slow the next try (the backoff starts after several: httpRateLimits.test.ts).
  const done = await api.POST('/api/account/password', { body: { current: 'gongkai-demo', password: 'a-new-password-1', confirm: 'a-new-password-1' } });
  expect(done.response.status).toBe(200);
  expect((await h.get('/api/me', other)).statusCode).toBe(401); // the other session ended
  expect((await as('wang.fang', 'a-new-password-1')).cookie).not.toBe('');
});

test('a substitute is another active user, for a period; listed with names; only one\'s own can be cancelled', async () => {
  const { api } = await as('li.na');
  const self = await api.POST('/api/account/substitutes', { body: { substitute: 'li.na', from: '2026-12-07', to: '2026-12-11' } });
  expect([self.response.status, self.error?.field, self.error?.message]).toEqual([400, 'substitute', '代理人：不能指定本人为代理人']);
  const unknown = await api.POST('/api/account/substitutes', { body: { substitute: 'nobody', from: '2026-12-07', to: '2026-12-11' } });
  expect([unknown.response.status, unknown.error?.field]).toEqual([400, 'substitute']);
  const backwards = await api.POST('/api/account/substitutes', { body: { substitute: 'chen.jing', from: '2026-12-11', to: '2026-12-07' } });
  expect([backwards.response.status, backwards.error?.field]).toEqual([400, 'to']);
  const added = await api.POST('/api/account/substitutes', { body: { substitute: 'chen.jing', from: '2026-12-07', to: '2026-12-11' } });
  expect(added.response.status).toBe(201);
  const id = added.data!.id;
  expect((await api.GET('/api/account/substitutes')).data?.substitutes).toEqual([
    { id, userId: 'li.na', userName: '李娜', substitute: 'chen.jing', substituteName: '陈静', from: '2026-12-07', to: '2026-12-11' },
  ]);
  const { api: theirs } = await as('chen.jing');
  expect((await theirs.DELETE('/api/account/substitutes/{id}', { params: { path: { id } } })).response.status).toBe(404);
  expect((await api.DELETE('/api/account/substitutes/{id}', { params: { path: { id } } })).response.status).toBe(200);
  expect((await api.GET('/api/account/substitutes')).data?.substitutes).toEqual([]);
});
