import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { CompiledQuery, type Compilable } from 'kysely';
import { buildServer } from '../../client/http/server';
import type { Backend } from '../../client/http/backend';
import { tierBounds } from '../../client/services/due';
import type { Services } from '../../client/context';
import { seedCalendar } from '../../domain/calendar';
import { checkC8, failureText, parseReportData, type ReportData } from '../../domain/report';
import { organisationFile } from '../../domain/org';
import { defaultPolicies } from '../../domain/review/policy';
import { initialState, type ReviewState } from '../../domain/review/state';
import type { Register } from '../../register/db';
import { importOrganisation, getUser } from '../../register/org';
import { getReviewPolicy, queuePageQueries, reviewQueue, reviewQueuePage, seedReviewPolicies } from '../../register/review';
import { freshRegister } from '../../testing/register';
import { testConfig } from '../../testing/deps';
import { login as loginAs, request } from './httpClient';

/**
 * The review queue in SQL, the dashboard after the clock moves, and the supervisors' and admins' changes through the
 * API the console calls (reassign/delegate, bulk approve, report sections, calendar import, policy edit): roles and
 * CSRF, with a stub backend.
 */
let db: Register;
let clock = new Date('2026-03-02T02:00:00Z');
const now = () => clock;
const acted: Array<{ id: string; user: string; args: { action: string } & Record<string, unknown> }> = [];
const states = new Map<string, ReviewState>();
const imported: unknown[] = [];
const edits: unknown[] = [];
const views = new Map<number, unknown>();

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
    return { year: 2027, status: 'imported', notice: 'n', version: 'v', fanOut: { version: 'v', listed: 3, signalled: 3, closed: 0, failed: [] } };
  },
  async reportView(year: number) {
    return views.get(year) ?? null;
  },
  async reportEdit(_year: number, args: unknown) {
    edits.push(args);
    return {};
  },
} as unknown as Backend;

const login = (user: string) => loginAs(app, user);
/** A JSON POST as the app sends it; without `csrf` the token header is left out. */
const post = (url: string, cookie: string, body: unknown, csrf?: string) =>
  request(app, { method: 'POST', url, headers: { cookie, 'content-type': 'application/json', ...(csrf === undefined ? {} : { 'x-csrf-token': csrf }) }, payload: JSON.stringify(body) });
const json = async (res: Promise<{ statusCode: number; body: string }>) => {
  const r = await res;
  expect(r.statusCode).toBe(200);
  return JSON.parse(r.body);
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

  test('SQLite: each branch of the page reads in due order from its index, each count is a range of those indexes; no scan of review_tasks', async () => {
    if (process.env.TEST_DATABASE_URL) return;
    const plan = async (q: Compilable) => {
      const c = q.compile();
      const r = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${c.sql}`, [...c.parameters]));
      return r.rows.map((x) => x.detail).join('\n');
    };
    const linA = (await getUser(db, 'li.na'))!;
    const q = queuePageQueries(db, [linA], 50, tierBounds(clock, seedCalendar()), 100);
    const rows = await plan(q.rows);
    expect(rows).toMatch(/SEARCH review_tasks USING INDEX review_tasks_held \(status=\? AND holder=\? AND due>\?\)/);
    expect(rows).toMatch(/SEARCH review_tasks USING INDEX review_tasks_unheld \(status=\? AND group_id=\? AND holder=\? AND due>\?\)/);
    expect(rows).not.toMatch(/SCAN review_tasks|review_tasks_open/);
    const count = await plan(q.counts);
    expect(count).toMatch(/COVERING INDEX review_tasks_held \(status=\? AND holder=\? AND due<\?\)/);
    expect(count).toMatch(/COVERING INDEX review_tasks_unheld \(status=\? AND group_id=\? AND holder=\? AND due>\? AND due<\?\)/);
    expect(count).not.toMatch(/SCAN review_tasks|TEMP B-TREE/);
  });

  test('pages follow one another: with offset, the same order as the whole queue, across held and group tasks and those without a due', async () => {
    const linA = (await getUser(db, 'li.na'))!;
    const d = (day: number) => `2026-03-0${day}T01:00:00.000Z`;
    const tasks: [string, string | null, string | null, string][] = [ // id, due, holder, group
      ['a', d(5), 'li.na', 'office'], ['b', d(1), null, 'section-heads'], ['c', null, null, 'office'], ['d', d(3), 'li.na', 'section-heads'],
      ['e', d(1), null, 'section-heads'], ['f', null, null, 'section-heads'], ['g', d(2), 'li.na', 'section-heads'], ['h', null, 'li.na', 'office'],
      ['i', d(1), 'wang.fang', 'section-heads'],
    ];
    for (const [id, due, holder, group] of tasks) await addTask(`item-p-${id}`, { due, holder, group });
    const tiers = tierBounds(clock, seedCalendar());
    const all = (await reviewQueue(db, linA)).map((t) => t.itemId);
    // c: unheld in another group; i: held by someone else.
    expect(all).toEqual(['item-p-b', 'item-p-e', 'item-p-g', 'item-p-d', 'item-p-a', 'item-p-f', 'item-p-h']);
    const pages = [];
    for (let offset = 0; offset < 8; offset += 2) pages.push(...(await reviewQueuePage(db, [linA], 2, tiers, offset)).rows.map((t) => t.itemId));
    expect(pages).toEqual(all);
    expect((await reviewQueuePage(db, [linA], 2, tiers, 4)).total).toBe(7);
    await db.deleteFrom('review_tasks').where('item_id', 'like', 'item-p-%').execute();
    await db.deleteFrom('review_items').where('id', 'like', 'item-p-%').execute();
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
    const d = await json(get('/api/dashboard', cookie));
    expect(d.publishing).toEqual([{ year: 2025, column: '通知公告', published: 2, medianHours: 1 }, { year: 2026, column: '工作动态', published: 2, medianHours: 18 }]);
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
    const before = await json(get('/api/dashboard', cookie));
    expect(before.late).toEqual([]);

    clock = new Date('2026-03-05T02:00:00Z'); // past both due times; the idle session has expired meanwhile
    const after = await json(get('/api/dashboard', (await login('zhou.min')).cookie));
    expect(after.late).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'item', id: 'item-dash', label: '督办测试信息', who: 'li.na', whoName: '李娜', tier: 'overdue' }),
      expect.objectContaining({ kind: 'application', id: 'D-2026-00001', who: 'liu.yang', whoName: '刘洋', tier: 'overdue' }),
    ]));
    expect(after.byStage['信息发布 · 初审']).toMatchObject({ overdue: 1 });
    expect(after.byStage['依申请公开 · 办理中']).toMatchObject({ overdue: 1 });
    expect(after.byHandler['li.na']).toMatchObject({ overdue: 1 });
    expect(after.byHandler['liu.yang']).toMatchObject({ overdue: 1 });
    clock = new Date('2026-03-02T02:00:00Z');
    await db.deleteFrom('review_tasks').where('item_id', '=', 'item-dash').execute();
    await db.deleteFrom('review_items').where('id', '=', 'item-dash').execute();
    await db.deleteFrom('applications').where('id', '=', 'D-2026-00001').execute();
  });
});

describe('reassign and delegate (supervisor)', () => {
  const act = (id: string, cookie: string, body: Record<string, unknown>, csrf?: string) => post(`/api/items/${id}/actions`, cookie, body, csrf);

  test('a supervisor reassigns and delegates; the request goes to the review service as given', async () => {
    states.set('item-ra', stateOf('item-ra', '工作动态'));
    await addTask('item-ra', { due: '2026-03-10T08:00:00.000Z' });
    const sup = await login('zhou.min');
    expect((await act('item-ra', sup.cookie, { action: 'reassign', to: 'li.na', reason: '<b>休假</b>' }, sup.csrf)).statusCode).toBe(200);
    expect(acted.at(-1)).toMatchObject({ id: 'item-ra', user: 'zhou.min', args: { action: 'reassign', to: 'li.na', reason: '<b>休假</b>' } });
    // Only within the stage's group (issue 13 finding 9; refusals in httpDelegation.test.ts).
    expect((await act('item-ra', sup.cookie, { action: 'delegate', to: 'li.na' }, sup.csrf)).statusCode).toBe(200);
    expect(acted.at(-1)?.args).toMatchObject({ action: 'delegate', to: 'li.na' });
  });

  test.each(['reassign', 'delegate'])('%s by a reviewer is refused (403, logged); without CSRF refused (403, logged)', async (action) => {
    const n = acted.length;
    const rev = await login('li.na');
    const before = (await refusals(`item.${action}`)).length;
    expect((await act('item-ra', rev.cookie, { action, to: 'li.na' }, rev.csrf)).statusCode).toBe(403);
    expect((await refusals(`item.${action}`)).length).toBe(before + 1);
    const sup = await login('zhou.min');
    const csrfBefore = (await refusals('POST /api/items/:id/actions')).length;
    expect((await act('item-ra', sup.cookie, { action, to: 'li.na' })).statusCode).toBe(403);
    expect((await act('item-ra', sup.cookie, { action, to: 'li.na' }, 'forged')).statusCode).toBe(403);
    expect((await refusals('POST /api/items/:id/actions')).length).toBe(csrfBefore + 2);
    expect(acted.length).toBe(n);
  });
});

describe('bulk approve on 我的待办', () => {
  const bulk = (cookie: string, items: string[], csrf?: string) => post('/api/items/bulk-approve', cookie, { items }, csrf);
  beforeAll(async () => {
    for (const id of ['item-b1', 'item-b2']) {
      states.set(id, stateOf(id, '工作动态'));
      await addTask(id, { due: '2026-03-09T08:00:00.000Z' });
    }
    // 复审 requires the 保密审查 checklist: no checkbox, and refused in bulk.
    states.set('item-b3', stateOf('item-b3', '工作动态', 1));
    await addTask('item-b3', { due: '2026-03-09T08:00:00.000Z', stage: 'second', stageName: '复审（保密审查）', group: 'office' });
  });

  test('approving two at one stage that needs no checklist approves both, each at the version the reviewer saw', async () => {
    const rev = await login('li.na');
    const n = acted.length;
    const res = await bulk(rev.cookie, ['item-b1', 'item-b2'], rev.csrf);
    expect(res.statusCode).toBe(200);
    expect(acted.slice(n).map((a) => [a.id, a.args.action, a.args.hash])).toEqual([
      ['item-b1', 'approve', states.get('item-b1')!.versions[0].hash], ['item-b2', 'approve', states.get('item-b2')!.versions[0].hash],
    ]);
  });

  test('a stage with the checklist, mixed stages, or a stage the user is not in: nothing approved, each refusal logged', async () => {
    const n = acted.length;
    const wf = await login('wang.fang');
    const before = (await refusals('item.bulkApprove')).length;
    const r1 = await bulk(wf.cookie, ['item-b3'], wf.csrf);
    expect(r1.statusCode).toBe(422);
    const r2 = await bulk(wf.cookie, ['item-b1', 'item-b3'], wf.csrf);
    expect(r2.statusCode).toBe(422);
    expect(r2.body).toMatch(/item-b1/);
    expect((await refusals('item.bulkApprove')).length).toBe(before + 3);
    expect(acted.length).toBe(n);
  });

  test('an author is refused (403, logged); a missing CSRF token is refused', async () => {
    const au = await login('zhang.wei');
    const before = (await refusals('item.bulkApprove')).length;
    expect((await bulk(au.cookie, ['item-b1'], au.csrf)).statusCode).toBe(403);
    expect((await refusals('item.bulkApprove')).length).toBe(before + 1);
    const rev = await login('li.na');
    expect((await bulk(rev.cookie, ['item-b1'])).statusCode).toBe(403);
    expect((await bulk(rev.cookie, ['../etc'], rev.csrf)).statusCode).toBe(400);
  });
});

describe('annual report, calendar import, policy edit', () => {
  test('report sections: the editor roles may post (二 as CSV goes as section2Csv); a reviewer or no CSRF is refused', async () => {
    views.set(2025, { state: 'awaitingInput', year: 2025, dueDate: '2026-01-31', section1Counts: {}, missing: [], notice: null, reviewItemId: null, publishedAt: null, failures: [], files: [], data: null });
    const h = await login('liu.yang');
    const sections = (cookie: string, body: unknown, csrf?: string) => post('/api/reports/2025/sections', cookie, body, csrf);
    expect((await sections(h.cookie, { section1: '概述', section2Csv: 'row,field,value\n1,x,2', section6: '无' }, h.csrf)).statusCode).toBe(200);
    expect(edits.at(-1)).toEqual({ actor: 'liu.yang', section1: '概述', section2Csv: 'row,field,value\n1,x,2', section6: '无' });
    expect((await sections(h.cookie, { section2: '{bad' }, h.csrf)).statusCode).toBe(400);
    const rev = await login('wang.fang');
    const before = (await refusals('report.edit')).length;
    expect((await sections(rev.cookie, { section1: 'x' }, rev.csrf)).statusCode).toBe(403);
    expect((await refusals('report.edit')).length).toBe(before + 1);
    expect((await sections(h.cookie, { section1: 'x' })).statusCode).toBe(403);
  });

  test('the report view gives each check failure as the CLI prints it without the check number, C8 with both numbers and their sources', async () => {
    const c8 = checkC8(narrativeMismatch(), {})[0];
    expect(c8).toBeDefined();
    views.set(2023, { state: 'awaitingInput', year: 2023, dueDate: '2024-01-31', section1Counts: {}, missing: [], notice: null, reviewItemId: null, publishedAt: null, failures: [c8], files: [], data: null });
    const v = await json(get('/api/reports/2023', (await login('zhou.min')).cookie));
    expect(v.failures).toEqual([{ check: 'C8', text: failureText(c8) }]);
    expect(v.failures[0].text).toMatch(/^第一部分：.*为 2，第四部分「行政复议」总计为 1/);
  });

  test('calendar import: admin only, CSRF, the file goes to the calendar service; the remedy bodies are shown to the admin', async () => {
    const ad = await login('admin');
    // The bodies the letters name (REVIEW_AUTHORITY, COURT), where the admin can see they are unset.
    expect(await json(get('/api/admin/settings', ad.cookie))).toMatchObject({ reviewAuthority: null, court: null });
    const schedule = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/calendar-import-2027.json'), 'utf8'));
    const imp = (cookie: string, body: unknown, csrf?: string) => post('/api/admin/calendar/import', cookie, body, csrf);
    const res = await imp(ad.cookie, { schedule }, ad.csrf);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ dryRun: false, year: 2027, fanOut: { signalled: 3 } });
    expect(imported.at(-1)).toEqual(schedule);
    expect((await imp(ad.cookie, { schedule: 'not a schedule' }, ad.csrf)).statusCode).toBe(400);
    const sup = await login('zhou.min');
    const before = (await refusals('calendar.import')).length;
    expect((await imp(sup.cookie, { schedule }, sup.csrf)).statusCode).toBe(403);
    expect((await refusals('calendar.import')).length).toBe(before + 1);
    expect((await imp(ad.cookie, { schedule })).statusCode).toBe(403);
    expect(imported.length).toBe(1);
  });

  test('policy edit: admin only, validated, audited with before and after; refusals logged', async () => {
    const ad = await login('admin');
    const p = { ...(await getReviewPolicy(db, '工作动态'))! };
    p.stages = p.stages.map((s, i) => (i === 0 ? { ...s, slaWorkdays: 5 } : s));
    expect((await post('/api/admin/policies', ad.cookie, p, ad.csrf)).statusCode).toBe(200);
    expect((await getReviewPolicy(db, '工作动态'))!.stages[0].slaWorkdays).toBe(5);
    const audit = await db.selectFrom('audit_log').selectAll().where('subject_kind', '=', 'review-policy').where('subject_id', '=', '工作动态').where('outcome', '=', 'done').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].before!).stages[0].slaWorkdays).not.toBe(5);
    expect(JSON.parse(audit[0].after!).stages[0].slaWorkdays).toBe(5);
    const before = (await refusals('policy.set')).length;
    expect((await post('/api/admin/policies', ad.cookie, { category: '工作动态', stages: 'x' }, ad.csrf)).statusCode).toBe(400);
    const sup = await login('zhou.min');
    expect((await post('/api/admin/policies', sup.cookie, p, sup.csrf)).statusCode).toBe(403);
    expect((await refusals('policy.set')).length).toBe(before + 1);
    expect((await post('/api/admin/policies', ad.cookie, p)).statusCode).toBe(403);
  });
});
