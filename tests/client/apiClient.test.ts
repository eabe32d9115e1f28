import { createApiClient, type ApiClient } from '../../client/api/client';
import { harness, ITEM, type Harness } from './consoleHarness';
import { listen, request } from './httpClient';

/** The typed client (client/api) against the real server over a socket: sessions, CSRF, errors, the reference page. */
let h: Harness;
let base: string;

beforeAll(async () => {
  h = await harness();
  base = await listen(h.app);
  const at = '2026-03-02T02:00:00.000Z';
  await h.db.insertInto('review_versions').values([
    { item_id: ITEM, version: 1, title: '通知', body: '第一行\n第二行', format: 'markdown', attachments: '[]', hash: 'a'.repeat(64), created_by: 'zhang.wei', created_at: at },
    { item_id: ITEM, version: 2, title: '通知', body: '第一行\n第二行（改）\n第三行', format: 'markdown', attachments: '[]', hash: 'b'.repeat(64), created_by: 'zhang.wei', created_at: at },
  ]).execute();
});
afterAll(() => h?.close());

async function as(user: string): Promise<ApiClient> {
  const { cookie } = await h.login(user);
  const api = createApiClient(base, undefined, { headers: { cookie } });
  const me = await api.GET('/api/me');
  api.setCsrf(me.data!.csrf);
  return api;
}

test('/api/me names the user; without a session the answer is 401 in the error shape', async () => {
  const api = await as('li.na');
  const me = await api.GET('/api/me');
  expect(me.data?.user).toMatchObject({ id: 'li.na', roles: expect.arrayContaining(['reviewer']) });
  expect(me.data?.user.name).toBeTruthy();
  const anon = await createApiClient(base).GET('/api/tasks', { params: { query: {} } });
  expect(anon.response.status).toBe(401);
  expect(anon.error).toMatchObject({ error: 'unauthenticated' });
});

test('the queue answers tasks with their due tier; an action goes to the workflow with the CSRF header the client adds', async () => {
  const api = await as('li.na');
  const tasks = await api.GET('/api/tasks', { params: { query: { limit: 10 } } });
  expect(tasks.data?.tasks.map((t) => [t.itemId, t.stageName, t.dueTier])).toEqual([[ITEM, '初审', expect.stringMatching(/^(overdue|today|soon|normal)$/)]]);
  expect(tasks.data?.total).toBe(1);
  const next = await api.GET('/api/tasks', { params: { query: { limit: 10, offset: 1 } } });
  expect([next.data?.tasks, next.data?.total]).toEqual([[], 1]);
  const claimed = await api.POST('/api/items/{id}/actions', { params: { path: { id: ITEM } }, body: { action: 'claim' } });
  expect(claimed.response.status).toBe(200);
  expect(h.acted.at(-1)).toMatchObject({ id: ITEM, user: 'li.na', action: 'claim' });
  api.setCsrf(undefined);
  const forged = await api.POST('/api/items/{id}/actions', { params: { path: { id: ITEM } }, body: { action: 'claim' } });
  expect(forged.response.status).toBe(403);
  expect(forged.error).toMatchObject({ error: 'csrf' });
});

test('bad input is a 400 naming the field and the rule in Chinese, and reaches nothing', async () => {
  const api = await as('li.na');
  const before = h.acted.length;
  const bad = await api.POST('/api/items/{id}/actions', { params: { path: { id: ITEM } }, body: { action: 'reject', reason: '' } });
  expect(bad.response.status).toBe(400);
  expect(bad.error).toMatchObject({ error: 'bad_request', field: 'reason' });
  expect(bad.error?.message).toMatch(/^理由（reason）：/);
  const badQuery = await api.GET('/api/items/{id}/diff', { params: { path: { id: ITEM }, query: { from: 0, to: 2 } } });
  expect(badQuery.response.status).toBe(400);
  expect(badQuery.error?.field).toBe('from');
  expect(h.acted.length).toBe(before);
});

test('the diff of two versions, line by line, with the authors named', async () => {
  const api = await as('zhang.wei');
  const d = await api.GET('/api/items/{id}/diff', { params: { path: { id: ITEM }, query: { from: 1, to: 2 } } });
  expect(d.data?.lines).toEqual([
    { op: 'same', text: '第一行' }, { op: 'ins', text: '第二行（改）' }, { op: 'ins', text: '第三行' }, { op: 'del', text: '第二行' },
  ]);
  expect(d.data?.to.createdByName).toBeTruthy();
  const missing = await api.GET('/api/items/{id}/diff', { params: { path: { id: ITEM }, query: { from: 1, to: 9 } } });
  expect(missing.response.status).toBe(404);
});

test('the OpenAPI document is served with a reference page that states its own script policy', async () => {
  const doc = JSON.parse((await request(h.app, { method: 'GET', url: '/api/openapi.json' })).body) as { openapi: string; paths: Record<string, unknown> };
  expect(doc.openapi).toBe('3.1.0');
  for (const p of ['/api/me', '/api/tasks', '/api/items/{id}/diff', '/api/applications/{id}/decide', '/api/applications/{id}/documents/{name}', '/api/dashboard', '/api/escalations', '/api/audit', '/api/outcomes']) {
    expect(Object.keys(doc.paths)).toContain(p);
  }
  const page = await request(h.app, { method: 'GET', url: '/api/docs/' });
  expect(page.statusCode).toBe(200);
  expect(page.headers['content-type']).toMatch(/^text\/html/);
  const csp = String(page.headers['content-security-policy']);
  expect(csp).toMatch(/script-src 'self'/);
  expect(csp).not.toMatch(/script-src[^;]*unsafe/);
});

test('bulk approval through the API: refused as a whole (422, logged per item) when one item does not qualify', async () => {
  const api = await as('li.na');
  const before = h.acted.length;
  const res = await api.POST('/api/items/bulk-approve', { body: { items: [ITEM, 'item-missing'] } });
  expect(res.response.status).toBe(422);
  expect(res.error?.message).toContain('item-missing');
  expect(h.acted.length).toBe(before);
  const logged = await h.db.selectFrom('audit_log').select('subject_id').where('action', '=', 'item.bulkApprove').where('outcome', '=', 'refused').execute();
  expect(logged.map((r) => r.subject_id)).toContain('item-missing');
  expect((await api.POST('/api/items/bulk-approve', { body: { items: [] } })).response.status).toBe(400);
});
