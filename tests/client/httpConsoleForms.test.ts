import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../client/http/server';
import type { Backend } from '../../client/http/backend';
import { tierBounds } from '../../client/http/due';
import type { Services } from '../../client/context';
import { seedCalendar } from '../../domain/calendar';
import { checkC8, formatFailure, parseReportData, type ReportData } from '../../domain/report';
import { organisationFile } from '../../domain/org';
import { defaultPolicies } from '../../domain/review/policy';
import { initialState, type ReviewState } from '../../domain/review/state';
import type { Register } from '../../register/db';
import { importOrganisation, getUser } from '../../register/org';
import { getReviewPolicy, reviewQueue, reviewQueuePage, seedReviewPolicies } from '../../register/review';
import { freshRegister } from '../../testing/register';
import { testConfig } from '../../testing/deps';
import { request } from './httpClient';

/**
 * The console's queue in SQL, the dashboard after the clock moves, and the newer forms (reassign/delegate,
 * bulk approve, report sections, calendar import, policy edit): roles and CSRF, with a stub backend.
 */
let db: Register;
let clock = new Date('2026-03-02T02:00:00Z');
const now = () => clock;
const acted: Array<{ id: string; user: string; args: { action: string } & Record<string, unknown> }> = [];
const states = new Map<string, ReviewState>();
const imported: unknown[] = [];
const edits: unknown[] = [];

const stub = {
  async itemState(id: string) {
    return states.get(id) ?? null;
  },
  async reviewAct(id: string, user: string, args: { action: string }) {
    acted.push({ id, user, args });
    return { status: 'review', stage: 'first', holder: null, version: 1, hash: 'x', due: null };
  },
  async calendarImport(json: unknown) {
    imported.push(json);
    return { year: 2027, status: 'imported', notice: 'n', version: 'v', fanOut: { signalled: 3 } };
  },
  async reportView() {
    return null;
  },
  async reportEdit(_year: number, args: unknown) {
    edits.push(args);
    return {};
  },
} as unknown as Backend;

function cookiesOf(res: { headers: Record<string, unknown> }): string[] {
  const h = res.headers['set-cookie'];
  return h === undefined ? [] : Array.isArray(h) ? h.map(String) : [String(h)];
}

async function login(user: string) {
  const form = await request(app, { method: 'GET', url: '/login' });
  const loginCookie = cookiesOf(form).find((c) => c.startsWith('gk_login='))!.split(';')[0];
  const res = await request(app, {
    method: 'POST', url: '/login', headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ user, password: 'gongkai-demo', _login: decodeURIComponent(loginCookie.split('=')[1]) }).toString(),
  });
  const cookie = cookiesOf(res).find((c) => c.startsWith('gk_session='))!.split(';')[0];
  const page = await request(app, { method: 'GET', url: '/tasks', headers: { cookie } });
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)![1] };
}

const post = (url: string, cookie: string, form: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return request(app, { method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: p.toString() });
};
/** The Lingling seed with its 行政复议 count in section 一 changed to 2 (section 四 says 1). */
function narrativeMismatch(): ReportData {
  const parsed = parseReportData(JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/report/lingling-2021.json'), 'utf8')));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return { ...parsed.data, section1: parsed.data.section1.replace('行政复议事项1件', '行政复议事项2件') };
}
const get = (url: string, cookie: string) => request(app, { method: 'GET', url, headers: { cookie } });
const refusals = (action: string) => db.selectFrom('audit_log').selectAll().where('outcome', '=', 'refused').where('action', '=', action).execute();

async function addTask(id: string, o: { due: string | null; group?: string; holder?: string | null; category?: string; stage?: string; stageName?: string; title?: string }) {
  const at = clock.toISOString();
  await db.insertInto('review_items').values({
    id, title: o.title ?? id, category: o.category ?? '工作动态', author: 'zhang.wei', section: 's', column_name: 'c', status: 'review', stage: o.stage ?? 'first',
    holder: o.holder ?? null, current_version: 1, current_hash: '0'.repeat(64), due: o.due, created_at: at, updated_at: at,
  }).execute();
  await db.insertInto('review_tasks').values({
    id: `${id}#1`, item_id: id, entry: 1, stage: o.stage ?? 'first', stage_name: o.stageName ?? '初审', group_id: o.group ?? 'section-heads', holder: o.holder ?? null,
    due: o.due, status: 'open', opened_at: at, closed_at: null,
  }).execute();
}

function stateOf(id: string, category: string, stageIndex = 0): ReviewState {
  const policy = defaultPolicies.find((p) => p.category === category)!;
  const s = initialState(id, { title: id, category, format: 'markdown', body: 'b', attachments: [], author: 'zhang.wei', section: 's', column: 'c', disclosure: '主动公开' }, policy, clock.toISOString());
  return { ...s, stageIndex };
}

let app: FastifyInstance;
beforeAll(async () => {
  db = await freshRegister();
  await importOrganisation(db, organisationFile.parse(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../demo/organisation.json'), 'utf8'))));
  await seedReviewPolicies(db, clock.toISOString());
  const services: Services = { config: testConfig(), db, temporal: {} as Client, close: async () => {} };
  app = await buildServer(services, { now, backend: stub });
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

describe('the queue in SQL', () => {
  test('soonest due first, no due last, limited, with the total and the due tiers over all rows', async () => {
    const linA = (await getUser(db, 'li.na'))!;
    await addTask('item-q-late', { due: '2026-03-01T09:00:00.000Z' });
    await addTask('item-q-today', { due: '2026-03-02T08:00:00.000Z' });
    await addTask('item-q-soon', { due: '2026-03-04T08:00:00.000Z' });
    await addTask('item-q-later', { due: '2026-04-20T08:00:00.000Z', holder: 'li.na', group: 'office' });
    await addTask('item-q-none', { due: null });
    await addTask('item-q-other', { due: '2026-02-01T08:00:00.000Z', group: 'leaders' });
    await addTask('item-q-held', { due: '2026-02-01T08:00:00.000Z', holder: 'wang.fang' });
    const all = await reviewQueue(db, linA);
    expect(all.map((t) => t.itemId)).toEqual(['item-q-late', 'item-q-today', 'item-q-soon', 'item-q-later', 'item-q-none']);
    const page = await reviewQueuePage(db, [linA], 2, tierBounds(clock, seedCalendar()));
    expect(page.rows.map((t) => t.itemId)).toEqual(['item-q-late', 'item-q-today']);
    expect(page).toMatchObject({ total: 5, overdue: 1, today: 1, soon: 1 });
    // Standing in for wang.fang adds the task she holds.
    const both = await reviewQueuePage(db, [linA, (await getUser(db, 'wang.fang'))!], 10, tierBounds(clock, seedCalendar()));
    expect(both.rows[0].itemId).toBe('item-q-held');
    expect(both.total).toBe(6);
    await db.deleteFrom('review_tasks').where('item_id', 'like', 'item-q-%').execute();
    await db.deleteFrom('review_items').where('id', 'like', 'item-q-%').execute();
  });

  test('SQLite: the page reads in due order from an index (no sort of all rows); the count uses review_tasks_queue', async () => {
    if (process.env.TEST_DATABASE_URL) return;
    const { sql } = await import('kysely');
    const filter = sql`status = 'open' and (holder in ('li.na') or (holder is null and group_id in ('section-heads')))`;
    const page = await sql<{ detail: string }>`explain query plan select id from review_tasks where ${filter} order by due limit 200`.execute(db);
    expect(page.rows.map((r) => r.detail).join('\n')).not.toMatch(/SCAN review_tasks|TEMP B-TREE/);
    const count = await sql<{ detail: string }>`explain query plan select count(*) from review_tasks where ${filter}`.execute(db);
    expect(count.rows.map((r) => r.detail).join('\n')).toMatch(/review_tasks_queue/);
  });
});

describe('the dashboard when time advances', () => {
  test('items published per column this year and last, with the median time from submission to publication', async () => {
    clock = new Date('2026-03-02T02:00:00Z'); // 2026 in Beijing time: the table shows 2025 and 2026
    const publish = async (id: string, column: string, publishedAt: string, submittedHoursBefore: number | null) => {
      await db.insertInto('publications').values({
        item_id: id, version: 1, hash: '0'.repeat(64), title: id, category: column, column_name: column, url: `http://portal.test/${id}.html`,
        published_at: publishedAt, retracted_at: null, retract_reason: null,
      }).execute();
      if (submittedHoursBefore === null) return;
      const created = new Date(Date.parse(publishedAt) - submittedHoursBefore * 3_600_000).toISOString();
      await db.insertInto('review_items').values({
        id, title: id, category: column, author: 'zhang.wei', section: 's', column_name: column, status: 'published', stage: null, holder: null,
        current_version: 1, current_hash: '0'.repeat(64), due: null, created_at: created, updated_at: publishedAt,
      }).execute();
    };
    await publish('dash-pub-1', '工作动态', '2026-02-01T02:00:00.000Z', 6);
    await publish('dash-pub-2', '工作动态', '2026-02-10T02:00:00.000Z', 30);
    await publish('dash-pub-3', '通知公告', '2025-12-31T15:00:00.000Z', null); // 23:00 on 31 December in Beijing: 2025
    await publish('dash-pub-4', '通知公告', '2024-12-31T16:00:00.000Z', 1); // 2025-01-01 00:00 in Beijing: 2025
    const { cookie } = await login('zhou.min');
    const page = await get('/dashboard', cookie);
    const rows = [.../<table id="publishing">([\s\S]*?)<\/table>/.exec(page.body)![1].matchAll(/<tr><td>(\d+)<\/td><td>([^<]+)<\/td><td>(\d+)<\/td><td>([^<]+)<\/td><\/tr>/g)]
      .map((m) => m.slice(1));
    expect(rows).toEqual([['2025', '通知公告', '2', '1.0'], ['2026', '工作动态', '2', '18.0']]);
    await db.deleteFrom('publications').where('item_id', 'like', 'dash-pub-%').execute();
    await db.deleteFrom('review_items').where('id', 'like', 'dash-pub-%').execute();
  });

  test('a task and an application past their due time are listed as 已逾期 by stage and by handler', async () => {
    clock = new Date('2026-03-02T02:00:00Z');
    await addTask('item-dash', { due: '2026-03-04T08:00:00.000Z', title: '督办测试信息', holder: 'li.na' });
    const at = clock.toISOString();
    await db.insertInto('applications').values({
      id: 'D-2026-00001', year: 2026, sequence: 1, workflow_id: 'application-D-1', channel: 'in-person', submitted_on: '2026-02-02', received_date: '2026-02-02',
      applicant_column: 'naturalPerson', applicant_name: '申请人', applicant_id_kind: '居民身份证', applicant_id_number: '1', applicant_phone: null, applicant_address: null,
      applicant_email: null, content: '申请公开', intake: '{}', external_ref: null, possible_duplicates: '[]', status: 'open', stage: 'handling',
      handler: 'liu.yang', due_date: '2026-03-03', calendar_version: 'seed', outcome: null, decision: null, closed_date: null, created_at: at, created_by: 't',
    }).execute();
    const { cookie } = await login('zhou.min');
    const before = await get('/dashboard', cookie);
    expect(before.statusCode).toBe(200);
    expect(before.body).not.toMatch(/<table id="late">/);

    clock = new Date('2026-03-05T02:00:00Z'); // past both due times; the idle session has expired meanwhile
    const after = await get('/dashboard', (await login('zhou.min')).cookie);
    expect(after.statusCode).toBe(200);
    const late = /<table id="late">([\s\S]*?)<\/table>/.exec(after.body)![1];
    expect(late).toMatch(/督办测试信息[\s\S]*li\.na[\s\S]*已逾期/);
    expect(late).toMatch(/D-2026-00001[\s\S]*liu\.yang[\s\S]*已逾期/);
    const row = (table: string, key: string) =>
      new RegExp(`<tr><td>${key}</td><td>(\\d+)</td><td>(?:<span class="badge b-overdue">)?(\\d+)`).exec(after.body.split(`<table id="${table}">`)[1].split('</table>')[0]);
    expect(row('by-stage', '信息发布 · 初审')?.[2]).toBe('1');
    expect(row('by-stage', '依申请公开 · 办理中')?.[2]).toBe('1');
    expect(row('by-handler', 'li\\.na')?.[2]).toBe('1');
    expect(row('by-handler', 'liu\\.yang')?.[2]).toBe('1');
    clock = new Date('2026-03-02T02:00:00Z');
    await db.deleteFrom('review_tasks').where('item_id', '=', 'item-dash').execute();
    await db.deleteFrom('review_items').where('id', '=', 'item-dash').execute();
    await db.deleteFrom('applications').where('id', '=', 'D-2026-00001').execute();
  });
});

describe('reassign and delegate (supervisor)', () => {
  test('the item page offers both forms to a supervisor only; the POST goes to the review service', async () => {
    states.set('item-ra', stateOf('item-ra', '工作动态'));
    await addTask('item-ra', { due: '2026-03-10T08:00:00.000Z' });
    const sup = await login('zhou.min');
    const page = await get('/items/item-ra', sup.cookie);
    expect(page.body).toMatch(/action="\/items\/item-ra\/reassign"/);
    expect(page.body).toMatch(/action="\/items\/item-ra\/delegate"/);
    const rev = await login('li.na');
    expect((await get('/items/item-ra', rev.cookie)).body).not.toMatch(/\/reassign"/);

    const ok = await post('/items/item-ra/reassign', sup.cookie, { _csrf: sup.csrf, to: 'li.na', reason: '<b>休假</b>' });
    expect(ok.statusCode).toBe(303);
    expect(acted.at(-1)).toMatchObject({ id: 'item-ra', user: 'zhou.min', args: { action: 'reassign', to: 'li.na', reason: '<b>休假</b>' } });
    // Only within the stage's group (issue 13 finding 9; refusals in httpDelegation.test.ts).
    expect((await post('/items/item-ra/delegate', sup.cookie, { _csrf: sup.csrf, to: 'li.na' })).statusCode).toBe(303);
    expect(acted.at(-1)?.args).toMatchObject({ action: 'delegate', to: 'li.na' });
  });

  test.each(['reassign', 'delegate'])('%s by a reviewer is refused (403, logged); without CSRF refused (403, logged)', async (action) => {
    const n = acted.length;
    const rev = await login('li.na');
    const before = (await refusals(`item.${action}`)).length;
    expect((await post(`/items/item-ra/${action}`, rev.cookie, { _csrf: rev.csrf, to: 'li.na' })).statusCode).toBe(403);
    expect((await refusals(`item.${action}`)).length).toBe(before + 1);
    const sup = await login('zhou.min');
    const csrfBefore = (await refusals(`POST /items/:id/${action}`)).length;
    expect((await post(`/items/item-ra/${action}`, sup.cookie, { to: 'li.na' })).statusCode).toBe(403);
    expect((await post(`/items/item-ra/${action}`, sup.cookie, { _csrf: 'forged', to: 'li.na' })).statusCode).toBe(403);
    expect((await refusals(`POST /items/:id/${action}`)).length).toBe(csrfBefore + 2);
    expect(acted.length).toBe(n);
  });
});

describe('bulk approve on 我的待办', () => {
  beforeAll(async () => {
    for (const id of ['item-b1', 'item-b2']) {
      states.set(id, stateOf(id, '工作动态'));
      await addTask(id, { due: '2026-03-09T08:00:00.000Z' });
    }
    // 复审 requires the 保密审查 checklist: no checkbox, and refused in bulk.
    states.set('item-b3', stateOf('item-b3', '工作动态', 1));
    await addTask('item-b3', { due: '2026-03-09T08:00:00.000Z', stage: 'second', stageName: '复审（保密审查）', group: 'office' });
  });

  test('checkboxes only where the stage needs no checklist; approving two at one stage approves both', async () => {
    const rev = await login('li.na');
    const page = await get('/tasks', rev.cookie);
    expect(page.body).toMatch(/<form method="post" action="\/tasks\/approve" id="bulk"/);
    expect(page.body).toMatch(/name="item" value="item-b1" form="bulk"/);
    const wf = await login('wang.fang');
    expect((await get('/tasks', wf.cookie)).body).not.toMatch(/value="item-b3" form="bulk"/);
    const n = acted.length;
    const res = await post('/tasks/approve', rev.cookie, { _csrf: rev.csrf, item: ['item-b1', 'item-b2'] });
    expect(res.statusCode).toBe(303);
    expect(acted.slice(n).map((a) => [a.id, a.args.action, a.args.hash])).toEqual([
      ['item-b1', 'approve', states.get('item-b1')!.versions[0].hash], ['item-b2', 'approve', states.get('item-b2')!.versions[0].hash],
    ]);
  });

  test('a stage with the checklist, mixed stages, or a stage the user is not in: nothing approved, each refusal logged', async () => {
    const n = acted.length;
    const wf = await login('wang.fang');
    const before = (await refusals('item.bulkApprove')).length;
    const r1 = await post('/tasks/approve', wf.cookie, { _csrf: wf.csrf, item: ['item-b3'] });
    expect(r1.statusCode).toBe(422);
    const r2 = await post('/tasks/approve', wf.cookie, { _csrf: wf.csrf, item: ['item-b1', 'item-b3'] });
    expect(r2.statusCode).toBe(422);
    expect(r2.body).toMatch(/item-b1/);
    expect((await refusals('item.bulkApprove')).length).toBe(before + 3);
    expect(acted.length).toBe(n);
  });

  test('an author is refused (403, logged); a missing CSRF token is refused', async () => {
    const au = await login('zhang.wei');
    const before = (await refusals('item.bulkApprove')).length;
    expect((await post('/tasks/approve', au.cookie, { _csrf: au.csrf, item: 'item-b1' })).statusCode).toBe(403);
    expect((await refusals('item.bulkApprove')).length).toBe(before + 1);
    const rev = await login('li.na');
    expect((await post('/tasks/approve', rev.cookie, { item: 'item-b1' })).statusCode).toBe(403);
    expect((await post('/tasks/approve', rev.cookie, { _csrf: rev.csrf, item: '../etc' })).statusCode).toBe(400);
  });
});

describe('annual report, calendar import, policy edit', () => {
  test('report sections: the editor roles may post (二 as CSV goes as section2Csv); a reviewer or no CSRF is refused', async () => {
    const h = await login('liu.yang');
    expect((await post('/report/2025/edit', h.cookie, { _csrf: h.csrf, section1: '概述', section2: 'row,field,value\n1,x,2', section2Format: 'csv', section5: '', section6: '无' })).statusCode).toBe(303);
    expect(edits.at(-1)).toEqual({ actor: 'liu.yang', section1: '概述', section2Csv: 'row,field,value\n1,x,2', section5: undefined, section6: '无' });
    expect((await post('/report/2025/edit', h.cookie, { _csrf: h.csrf, section2: '{bad', section2Format: 'json' })).statusCode).toBe(400);
    const rev = await login('wang.fang');
    const before = (await refusals('report.edit')).length;
    expect((await post('/report/2025/edit', rev.cookie, { _csrf: rev.csrf, section1: 'x' })).statusCode).toBe(403);
    expect((await refusals('report.edit')).length).toBe(before + 1);
    expect((await post('/report/2025/edit', h.cookie, { section1: 'x' })).statusCode).toBe(403);
  });

  test('the report page prints each check failure as the CLI does, C8 with both numbers and their sources', async () => {
    const c8 = checkC8(narrativeMismatch(), {})[0];
    expect(c8).toBeDefined();
    const at = clock.toISOString();
    await db.insertInto('reports').values({
      id: 'report-T-2023', agency_code: 'T', year: 2023, format: '2021', state: 'awaitingInput', data: '{}', section1_counts: '{}', manual: '{}',
      failures: JSON.stringify([c8]), files: '[]', due_date: '2024-01-31', published_at: null, created_at: at, updated_at: at,
    }).execute();
    const page = await get('/report', (await login('zhou.min')).cookie);
    const card = page.body.split('id="report-2023"')[1].split('</ul>')[0];
    expect(card).toContain(formatFailure(c8).replace(/"/g, '&quot;'));
    expect(card).toMatch(/C8 第一部分 reconsideration\.total：.*为 2，第四部分「行政复议」总计为 1/);
    await db.deleteFrom('reports').where('id', '=', 'report-T-2023').execute();
  });

  test('report downloads serve only the files the report names, under DATA_DIR', async () => {
    const dir = path.resolve(testConfig().DATA_DIR, 'reports');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'r2024.html'), '<h1>报告</h1>');
    const at = clock.toISOString();
    await db.insertInto('reports').values({
      id: 'report-T-2024', agency_code: 'T', year: 2024, format: '2021', state: 'published', data: '{}', section1_counts: '{}', manual: '{}', failures: '[]',
      files: JSON.stringify([{ format: 'html', path: 'reports/r2024.html' }, { format: 'docx', path: '../../etc/passwd' }]), due_date: '2025-01-31', published_at: at, created_at: at, updated_at: at,
    }).execute();
    const sup = await login('zhou.min');
    const page = await get('/report', sup.cookie);
    expect(page.body).toMatch(/href="\/report\/2024\/files\/html"/);
    const file = await get('/report/2024/files/html', sup.cookie);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/attachment/);
    expect(file.body).toBe('<h1>报告</h1>');
    expect((await get('/report/2024/files/docx', sup.cookie)).statusCode).toBe(404);
    const au = await login('zhang.wei');
    expect((await get('/report/2024/files/html', au.cookie)).statusCode).toBe(403);
  });

  test('calendar import: admin only, CSRF, the pasted file goes to the calendar service', async () => {
    const ad = await login('admin');
    const admin = (await get('/admin', ad.cookie)).body;
    expect(admin).toMatch(/action="\/admin\/calendar"/);
    // The remedy bodies the letters name (REVIEW_AUTHORITY, COURT), shown where the admin can see they are unset.
    expect(admin).toContain('<p id="remedy-settings">行政复议机关：未设置；人民法院：未设置。');
    const res = await post('/admin/calendar', ad.cookie, { _csrf: ad.csrf, schedule: '{"year":2027}' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin?ok=calendar.imported&n=3');
    expect((await get(res.headers.location!, ad.cookie)).body).toContain('日历已导入，已通知 3 个在办流程重算期限');
    expect(imported.at(-1)).toEqual({ year: 2027 });
    expect((await post('/admin/calendar', ad.cookie, { _csrf: ad.csrf, schedule: 'not json' })).statusCode).toBe(400);
    const sup = await login('zhou.min');
    const before = (await refusals('calendar.import')).length;
    expect((await post('/admin/calendar', sup.cookie, { _csrf: sup.csrf, schedule: '{}' })).statusCode).toBe(403);
    expect((await refusals('calendar.import')).length).toBe(before + 1);
    expect((await post('/admin/calendar', ad.cookie, { schedule: '{}' })).statusCode).toBe(403);
    expect(imported.length).toBe(1);
  });

  test('policy edit: admin only, validated, audited with before and after; refusals logged', async () => {
    const ad = await login('admin');
    const p = { ...(await getReviewPolicy(db, '工作动态'))! };
    p.stages = p.stages.map((s, i) => (i === 0 ? { ...s, slaWorkdays: 5 } : s));
    expect((await post('/admin/policies', ad.cookie, { _csrf: ad.csrf, policy: JSON.stringify(p) })).statusCode).toBe(303);
    expect((await getReviewPolicy(db, '工作动态'))!.stages[0].slaWorkdays).toBe(5);
    const audit = await db.selectFrom('audit_log').selectAll().where('subject_kind', '=', 'review-policy').where('subject_id', '=', '工作动态').where('outcome', '=', 'done').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].before!).stages[0].slaWorkdays).not.toBe(5);
    expect(JSON.parse(audit[0].after!).stages[0].slaWorkdays).toBe(5);
    const before = (await refusals('policy.set')).length;
    expect((await post('/admin/policies', ad.cookie, { _csrf: ad.csrf, policy: JSON.stringify({ category: '工作动态', stages: 'x' }) })).statusCode).toBe(422);
    const sup = await login('zhou.min');
    expect((await post('/admin/policies', sup.cookie, { _csrf: sup.csrf, policy: JSON.stringify(p) })).statusCode).toBe(403);
    expect((await refusals('policy.set')).length).toBe(before + 2);
    expect((await post('/admin/policies', ad.cookie, { policy: JSON.stringify(p) })).statusCode).toBe(403);
  });
});
