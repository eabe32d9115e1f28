import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildServer } from '../../client/http/server';
import { addDays } from '../../domain/calendar';
import { organisationFile } from '../../domain/org';
import type { Register } from '../../register/db';
import { itemAudit } from '../../register/review';
import { importOrganisation } from '../../register/org';
import { listen } from '../client/httpClient';
import { testActivities, testConfig } from '../../testing/deps';
import { freshRegister } from '../../testing/register';
import { SmtpCapture } from '../../testing/smtp';
import { devServerEnv, testWorker, uniqueQueue } from '../../testing/temporal';

/**
 * The console in a real browser (Debian's chromium through playwright-core) against a real server on the
 * Temporal dev server with a worker running the real activities: 三审 to publication, an application
 * registered, 补正 and decided, its reply letter reviewed by 科室负责人 and 分管领导 and delivered, the supervisor's
 * dashboard, and an overdue case on it once the server's injected clock is moved past its due date (the dev
 * server's own time does not move: the dashboard's tiers come from the register's due dates and the server's
 * `now`). Screenshots go to .tools/screenshots/ (git-ignored), or to docs/screenshots/ with UPDATE_SCREENSHOTS=1.
 */
jest.setTimeout(300_000);

// A test run leaves the checkout as it found it: the committed screenshots change only when asked.
const SHOTS = path.resolve(__dirname, process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/screenshots' : '../../.tools/screenshots');
let env: TestWorkflowEnvironment;
let db: Register;
let worker: Worker;
let running: Promise<void>;
let app: FastifyInstance;
let browser: Browser;
let base: string;
const smtp = new SmtpCapture();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-console-'));
const taskQueue = uniqueQueue('console');
/** How far the server's clock runs ahead of the real one; the overdue test moves it. */
let clockOffsetMs = 0;
/** The application registered, decided and (later) delivered by the handler tests. */
let appId = '';

beforeAll(async () => {
  [env, db] = await Promise.all([devServerEnv(), freshRegister(), smtp.start()]);
  await importOrganisation(db, organisationFile.parse(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../demo/organisation.json'), 'utf8'))));
  const overrides = { DATA_DIR: dataDir, TEMPORAL_TASK_QUEUE: taskQueue };
  worker = await testWorker(env, taskQueue, testActivities(db, smtp, overrides));
  running = worker.run();
  app = await buildServer({ config: testConfig({ ...overrides, SMTP_URL: smtp.url }), db, temporal: env.client, close: async () => {} }, {
    now: () => new Date(Date.now() + clockOffsetMs),
  });
  base = await listen(app);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  fs.mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  worker?.shutdown();
  await running;
  await Promise.all([env?.teardown(), db?.destroy(), smtp.stop()]);
});

async function as(user: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.fill('#user', user);
  await page.fill('#password', 'gongkai-demo');
  await Promise.all([page.waitForURL(`${base}/tasks`), page.click('form[action="/login"] button[type=submit]')]);
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

function findFile(dir: string, predicate: (text: string) => boolean): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const f = findFile(p, predicate);
      if (f) return f;
    } else if (e.name.endsWith('.html') && predicate(fs.readFileSync(p, 'utf8'))) return p;
  }
  return undefined;
}

test('an author submits an item, three reviewers approve it, it is published on the static portal', async () => {
  const title = `关于开展2026年春季防汛检查的通知 ${Date.now()}`;
  const author = await as('zhang.wei');
  await author.goto(`${base}/items/new`);
  await author.fill('#title', title);
  await author.selectOption('#category', '通知公告');
  await author.fill('#column', '通知公告');
  await author.fill('#body', '各股室：\n\n请于3月底前完成辖区防汛设施检查。\n\n特此通知。');
  await shot(author, '01-item-new');
  await Promise.all([author.waitForURL(/\/items\/item-/), author.click('form[action="/items"] button[type=submit]')]);
  const itemUrl = author.url().split('?')[0];
  expect(await author.textContent('.flash.ok')).toContain('已提交审核');
  expect(await author.textContent('h1')).toBe(title);

  // 初审: li.na sees it in her queue, claims it and approves.
  const first = await as('li.na');
  expect(await first.textContent('#tasks')).toContain(title);
  await shot(first, '02-tasks');
  await first.goto(itemUrl);
  await Promise.all([first.waitForURL(/ok=/), first.click('form[action$="/claim"] button')]);
  await Promise.all([first.waitForURL(/ok=/), first.click('#approve button[type=submit]')]);
  expect(await first.textContent('.card')).toContain('复审');

  // 复审 with the 保密审查 checklist: the browser refuses to submit without the boxes ticked.
  const second = await as('wang.fang');
  await second.goto(itemUrl);
  for (const box of ['noStateSecrets', 'noPersonalData', 'noTradeSecrets', 'proactiveDisclosure']) await second.check(`#approve input[name=${box}]`);
  await second.fill('#approve #comment', '经保密审查，同意发布。');
  await shot(second, '03-item-secrecy-checklist');
  await Promise.all([second.waitForURL(/ok=/), second.click('#approve button[type=submit]')]);
  expect(await second.textContent('.card')).toContain('终审');

  const final = await as('zhao.lei');
  await final.goto(itemUrl);
  await Promise.all([final.waitForURL(/ok=/), final.click('#approve button[type=submit]')]);
  // Publication runs after the final approval: reload until the page shows it.
  for (let i = 0; i < 50 && !(await final.textContent('.card'))?.includes('已发布'); i++) {
    await new Promise((r) => setTimeout(r, 200));
    await final.reload();
  }
  expect(await final.textContent('.card')).toContain('已发布');
  await shot(final, '04-item-published');
  const published = findFile(path.join(dataDir, 'site'), (t) => t.includes(title));
  expect(published).toBeDefined();
  const row = await db.selectFrom('publications').selectAll().executeTakeFirstOrThrow();
  expect(row.title).toBe(title);
});

test('a handler registers an application, sends a 补正 notice, records the correction and decides it', async () => {
  const handler = await as('liu.yang');
  await handler.goto(`${base}/applications/new`);
  await handler.selectOption('#channel', 'in-person');
  await handler.fill('#name', '王小明');
  await handler.fill('#idNumber', '430000199001011234');
  await handler.fill('#phone', '13800000000');
  await handler.fill('#content', '2025年度本局低保资金发放情况统计表');
  await shot(handler, '05-application-new');
  await Promise.all([handler.waitForURL(/\/applications\/TEST-/), handler.click('form[action="/applications"] button[type=submit]')]);
  const appUrl = handler.url().split('?')[0];
  const id = appUrl.split('/').pop()!;
  appId = id;
  expect(await handler.textContent('h1')).toContain(id);

  const waitFor = async (selector: string) => {
    for (let i = 0; i < 50 && (await handler.locator(selector).count()) === 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
      await handler.reload();
    }
  };
  await waitFor('form[action$="/claim"]');
  await Promise.all([handler.waitForURL(/ok=/), handler.click('form[action$="/claim"] button')]);
  await handler.fill('#correction #items', '请补充所需信息的所属区域\n请提供联系地址');
  await Promise.all([handler.waitForURL(/ok=/), handler.click('#correction button[type=submit]')]);
  expect(await handler.textContent('main')).toContain('待补正');
  await Promise.all([handler.waitForURL(/ok=/), handler.click('form[action$="/correctionReceived"] button')]);
  await handler.selectOption('#outcome', 'granted');
  await handler.fill('#provision', '以纸质形式邮寄提供');
  await Promise.all([handler.waitForURL(/ok=/), handler.click('#decide button[type=submit]')]);
  expect(await handler.textContent('#clock')).toBeTruthy();
  await shot(handler, '06-application-detail');
  const events = await db.selectFrom('application_events').select('type').where('application_id', '=', id).execute();
  expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['correctionRequested', 'correctionReceived', 'decided']));

  await handler.goto(`${base}/applications?status=open`);
  expect(await handler.textContent('#applications')).toContain(id);
  await shot(handler, '07-applications-list');
});

test('a supervisor sees the dashboard; an admin sees users and calendar coverage', async () => {
  const sup = await as('zhou.min');
  await sup.goto(`${base}/dashboard`);
  expect(await sup.textContent('h1')).toBe('督办看板');
  expect(await sup.textContent('#by-stage')).toContain('依申请公开');
  await shot(sup, '08-dashboard');
  const denied = await sup.goto(`${base}/admin`);
  expect(denied?.status()).toBe(403);
  const admin = await as('admin');
  await admin.goto(`${base}/admin`);
  expect(await admin.textContent('#users')).toContain('zhang.wei');
  await shot(admin, '09-admin');
  await admin.goto(`${base}/login`);
});

/** Reloads `page` until `selector` is on it (the worker writes the register a moment after the action). */
async function reloadUntil(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 75 && (await page.locator(selector).count()) === 0; i++) {
    await new Promise((r) => setTimeout(r, 200));
    await page.reload();
  }
  expect(await page.locator(selector).count()).toBeGreaterThan(0);
}

test('the reply letter is reviewed in the browser (科室负责人 with 保密审查, then 分管领导) and the handler records its delivery', async () => {
  expect(appId).not.toBe('');
  const letterId = `application-${appId}-letter-1`;
  const letterHref = `a[href="/items/${letterId}"]`;
  const letterLink = `#tasks ${letterHref}`;

  // 科室负责人: li.na finds the letter in 我的待办, opens it, ticks the 保密审查 checklist and approves.
  const head = await as('li.na');
  await reloadUntil(head, letterLink);
  expect(await head.locator('#tasks tr', { has: head.locator(letterHref) }).textContent()).toContain('科室负责人审核');
  await Promise.all([head.waitForURL(`${base}/items/${letterId}`), head.click(letterLink)]);
  expect(await head.textContent('.card')).toContain('依申请公开答复');
  // A reply letter's own 保密审查 list: nothing about 主动公开.
  expect(await head.textContent('#approve')).not.toContain('主动公开');
  for (const box of ['noStateSecrets', 'withinDecision', 'withheldStated', 'noThirdPartyData']) await head.check(`#approve input[name=${box}]`);
  await head.fill('#approve #comment', '答复书内容无涉密信息，同意。');
  await Promise.all([head.waitForURL(/ok=/), head.click('#approve button[type=submit]')]);
  expect(await head.textContent('.flash.ok')).toContain('已审核通过');
  expect(await head.textContent('.card')).toContain('分管领导签发');

  // 分管领导: zhao.lei finds it in his queue and signs it off (no checklist at this stage).
  const leader = await as('zhao.lei');
  await reloadUntil(leader, letterLink);
  await Promise.all([leader.waitForURL(`${base}/items/${letterId}`), leader.click(letterLink)]);
  expect(await leader.locator('#approve input[name=noStateSecrets]').count()).toBe(0);
  await Promise.all([leader.waitForURL(/ok=/), leader.click('#approve button[type=submit]')]);
  expect(await leader.textContent('.card')).toContain('已通过');
  await shot(leader, 'letter-review');
  expect((await itemAudit(db, letterId)).map((a) => `${a.actor} ${a.action}`)).toEqual(['liu.yang submit', 'li.na approve', 'zhao.lei approve']);

  // The handler sees the application waiting for delivery and records it.
  const handler = await as('liu.yang');
  await handler.goto(`${base}/applications/${appId}`);
  await reloadUntil(handler, 'form[action$="/delivery"]');
  expect(await handler.textContent('.card')).toContain('待送达');
  await handler.selectOption('form[action$="/delivery"] select[name=method]', 'signed');
  await Promise.all([handler.waitForURL(/ok=/), handler.click('form[action$="/delivery"] button[type=submit]')]);
  expect(await handler.textContent('.flash.ok')).toContain('已登记送达');
  await reloadUntil(handler, '.card:has-text("已办结")');
  const row = await db.selectFrom('applications').select(['status', 'outcome', 'closed_date']).where('id', '=', appId).executeTakeFirstOrThrow();
  expect([row.status, row.outcome]).toEqual(['closed', 'granted']);
  const events = await db.selectFrom('application_events').select('type').where('application_id', '=', appId).execute();
  expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['decided', 'letterReady', 'closed']));
});

test('once the clock passes a case\'s due date, the supervisor sees it as 已逾期 on the dashboard', async () => {
  // A fresh application, left open and unassigned.
  const handler = await as('liu.yang');
  await handler.goto(`${base}/applications/new`);
  await handler.selectOption('#channel', 'in-person');
  await handler.fill('#name', '李四');
  await handler.fill('#idNumber', '430000198502021234');
  await handler.fill('#content', '本局2025年度行政事业性收费项目清单');
  await Promise.all([handler.waitForURL(/\/applications\/TEST-/), handler.click('form[action="/applications"] button[type=submit]')]);
  const id = handler.url().split('?')[0].split('/').pop()!;
  let due: string | null = null;
  for (let i = 0; i < 75 && !due; i++) {
    due = (await db.selectFrom('applications').select('due_date').where('id', '=', id).executeTakeFirst())?.due_date ?? null;
    if (!due) await new Promise((r) => setTimeout(r, 200));
  }
  expect(due).toMatch(/^\d{4}-\d{2}-\d{2}$/);

  const sup = await as('zhou.min');
  await sup.goto(`${base}/dashboard`);
  expect(await sup.locator(`#late a[href="/applications/${id}"]`).count()).toBe(0);

  // Two days past the due date (noon, Beijing): the 12-hour session has expired, so the supervisor logs in again.
  clockOffsetMs = Date.parse(`${addDays(due!, 2)}T12:00:00+08:00`) - Date.now();
  await sup.goto(`${base}/dashboard`);
  expect(sup.url()).toContain('/login?next=');
  await sup.fill('#user', 'zhou.min');
  await sup.fill('#password', 'gongkai-demo');
  await Promise.all([sup.waitForURL(`${base}/dashboard`), sup.click('form[action="/login"] button[type=submit]')]);
  const late = sup.locator('#late tr', { has: sup.locator(`a[href="/applications/${id}"]`) });
  expect(await late.textContent()).toContain('已逾期');
  expect(await late.textContent()).toContain(due!);
  expect(await sup.textContent('#by-stage')).toContain('依申请公开');
  await shot(sup, 'dashboard-overdue');
});
