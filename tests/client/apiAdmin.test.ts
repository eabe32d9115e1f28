import * as fs from 'node:fs';
import * as path from 'node:path';
import { createApiClient, type ApiClient } from '../../client/api/client';
import type { Backend } from '../../client/http/backend';
import type { ReportData } from '../../domain/report';
import { defaultPolicies } from '../../domain/review/policy';
import type { ReportView } from '../../workflows/report/definitions';
import { harness, type Harness } from './consoleHarness';
import { listen } from './httpClient';

/** Administration, the calendar and the annual report through the typed client; the workflows are a stub. */
const lingling = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/report/lingling-2021.json'), 'utf8')) as ReportData;
const schedule2027 = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/calendar-import-2027.json'), 'utf8')) as unknown;
const view: ReportView = {
  state: 'awaitingInput', year: 2021, dueDate: '2022-01-31', data: lingling, section1Counts: {}, missing: ['section5'], failures: [], notice: null,
  reviewItemId: null, files: [], publishedAt: null,
};
const calls: Array<[string, unknown[]]> = [];
let h: Harness;
let base: string;

beforeAll(async () => {
  h = await harness({
    reportView: async (year: number) => (year === 2021 ? view : null),
    reportEdit: async (...a: unknown[]) => void calls.push(['reportEdit', a]),
    reportSubmit: async (...a: unknown[]) => void calls.push(['reportSubmit', a]),
    calendarOverride: async (o: { date: string }, ...a: unknown[]) => (calls.push(['calendarOverride', [o, ...a]]), { date: o.date, status: 'added', version: 'v2' }),
  } as unknown as Partial<Backend>);
  base = await listen(h.app);
});
afterAll(() => h?.close());

async function as(user: string): Promise<ApiClient> {
  const { cookie } = await h.login(user);
  const api = createApiClient(base, undefined, { headers: { cookie } });
  api.setCsrf((await api.GET('/api/me')).data!.csrf);
  return api;
}

test('an admin creates, edits, disables a user and resets a password; each change is in the audit trail with names', async () => {
  const api = await as('admin');
  const created = await api.POST('/api/admin/users', { body: { id: 'qian.hao', name: '孙丽', email: 'qian.hao@test.local', roles: ['author'], groups: [] } });
  expect(created.response.status).toBe(201);
  expect(created.data?.password).toMatch(/^[\w-]{16}$/);
  const again = await api.POST('/api/admin/users', { body: { id: 'qian.hao', name: '孙丽', email: 'qian.hao@test.local', roles: ['author'], groups: [] } });
  expect(again.response.status).toBe(409);
  const edited = await api.POST('/api/admin/users/{id}', { params: { path: { id: 'qian.hao' } }, body: { name: '孙莉', roles: ['author', 'reviewer'], groups: ['section-heads'] } });
  expect(edited.data?.user).toMatchObject({ name: '孙莉', roles: ['author', 'reviewer'], groups: ['section-heads'] });
  const unknownGroup = await api.POST('/api/admin/users/{id}', { params: { path: { id: 'qian.hao' } }, body: { groups: ['nope'] } });
  expect(unknownGroup.response.status).toBe(422);
  expect((await api.POST('/api/admin/users/{id}/reset-password', { params: { path: { id: 'qian.hao' } }, body: {} })).data?.password).toBeTruthy();
  expect((await api.POST('/api/admin/users/{id}/disable', { params: { path: { id: 'qian.hao' } }, body: {} })).response.status).toBe(200);
  expect((await api.POST('/api/admin/users/{id}/disable', { params: { path: { id: 'nobody' } }, body: {} })).response.status).toBe(404);
  const trail = await api.GET('/api/audit', { params: { query: { subject: 'qian.hao', action: 'user.' } } });
  expect(trail.data?.entries.map((e) => e.action).sort()).toEqual(['user.add', 'user.disable', 'user.edit', 'user.reset-password']);
  expect(new Set(trail.data?.entries.map((e) => `${e.actor} ${e.actorName}`)).size).toBe(1);
  expect(trail.data?.entries[0].actorName).toBeTruthy();
});

test('administration is refused to others, and the refusal is logged', async () => {
  const api = await as('li.na');
  const res = await api.GET('/api/admin/users');
  expect(res.response.status).toBe(403);
  const refused = await h.db.selectFrom('audit_log').selectAll().where('actor', '=', 'li.na').where('action', '=', 'user.list').execute();
  expect(refused).toHaveLength(1);
});

test('API keys: created once with its key, listed without it, scopes replaced, revoked; a revoked key is refused', async () => {
  const api = await as('admin');
  const made = await api.POST('/api/admin/apikeys', { body: { name: 'portal-x', scopes: ['applications:read'] } });
  expect(made.response.status).toBe(201);
  const key = made.data!.key;
  const portal = createApiClient(base, undefined, { headers: { authorization: `Bearer ${key}` } });
  expect((await portal.GET('/api/applications', { params: { query: {} } })).response.status).toBe(200);
  expect((await api.POST('/api/admin/apikeys/{name}/scopes', { params: { path: { name: 'portal-x' } }, body: { scopes: ['applications:intake'] } })).response.status).toBe(200);
  expect((await portal.GET('/api/applications', { params: { query: {} } })).response.status).toBe(403);
  const listed = await api.GET('/api/admin/apikeys');
  expect(listed.data?.keys).toEqual([expect.objectContaining({ name: 'portal-x', revokedAt: null, scopes: ['applications:intake'] })]);
  expect(JSON.stringify(listed.data)).not.toContain(key);
  expect((await api.POST('/api/admin/apikeys/{name}/revoke', { params: { path: { name: 'portal-x' } }, body: {} })).data).toEqual({ revoked: 1 });
  expect((await portal.GET('/api/applications', { params: { query: {} } })).response.status).toBe(401);
});

test('review policies: listed (every category), and a bad one is a 400 naming the field', async () => {
  const api = await as('admin');
  const policy = defaultPolicies.find((p) => p.category === '工作动态')!;
  const bad = await api.POST('/api/admin/policies', { body: { ...policy, stages: [] } });
  expect(bad.response.status).toBe(400);
  expect(bad.error?.field).toBe('stages');
  expect((await api.POST('/api/admin/policies', { body: { ...policy, stages: policy.stages.map((s) => ({ ...s, slaWorkdays: 3 })) } })).response.status).toBe(200);
  const list = await api.GET('/api/admin/policies');
  expect(list.data?.policies.find((p) => p.policy.category === '工作动态')).toMatchObject({ updatedBy: 'admin', policy: { stages: [expect.objectContaining({ slaWorkdays: 3 }), expect.anything(), expect.anything()] } });
  // Every category is listed, those nobody has set with the defaults (as `gongkai item policy list`).
  expect(list.data?.policies.map((p) => p.policy.category).sort()).toEqual(defaultPolicies.map((p) => p.category).sort());
});

test('calendar: a dry run lists the changed days and writes nothing; an override goes to the calendar service', async () => {
  const api = await as('admin');
  const dry = await api.POST('/api/admin/calendar/import', { body: { schedule: schedule2027 as never, dryRun: true } });
  expect(dry.response.status).toBe(200);
  if (!dry.data?.dryRun) throw new Error('expected a dry run');
  expect(dry.data.preview.year).toBe(2027);
  expect(dry.data.preview.changedDates.length).toBeGreaterThan(0);
  expect(await h.db.selectFrom('calendar_years').selectAll().execute()).toEqual([]);
  const bad = await api.POST('/api/admin/calendar/import', { body: { schedule: { year: 2027 } as never, dryRun: true } });
  expect(bad.response.status).toBe(400);
  const o = await api.POST('/api/admin/calendar/overrides', { body: { date: '2026-03-09', kind: 'off', reason: '停电' } });
  expect(o.data).toMatchObject({ date: '2026-03-09', status: 'added' });
  expect(calls.find(([n]) => n === 'calendarOverride')?.[1][1]).toBe('admin');
});

test('annual report: its view, the manual sections, submission, and the renderings (HTML preview, DOCX download)', async () => {
  const api = await as('liu.yang');
  const v = await api.GET('/api/reports/{year}', { params: { path: { year: 2021 } } });
  expect(v.data).toMatchObject({ state: 'awaitingInput', missing: ['section5'] });
  expect((await api.GET('/api/reports/{year}', { params: { path: { year: 2020 } } })).response.status).toBe(404);
  expect((await api.POST('/api/reports/{year}/sections', { params: { path: { year: 2021 } }, body: { section5: '问题与改进' } })).response.status).toBe(200);
  expect(calls.find(([n]) => n === 'reportEdit')?.[1]).toEqual([2021, { section5: '问题与改进', actor: 'liu.yang' }]);
  expect((await api.POST('/api/reports/{year}/submit', { params: { path: { year: 2021 } }, body: {} })).response.status).toBe(200);
  const htmlRes = await fetch(`${base}/api/reports/2021/render/html`, { headers: { cookie: (await h.login('liu.yang')).cookie } });
  expect(htmlRes.status).toBe(200);
  expect(htmlRes.headers.get('content-type')).toMatch(/^text\/html/);
  expect(await htmlRes.text()).toContain('政府信息公开工作年度报告');
  const docx = await fetch(`${base}/api/reports/2021/render/docx`, { headers: { cookie: (await h.login('liu.yang')).cookie } });
  expect(docx.headers.get('content-disposition')).toMatch(/attachment; filename="report-2021/);
  expect(Buffer.from(await docx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
});
