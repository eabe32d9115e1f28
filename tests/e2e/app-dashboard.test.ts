import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildServer } from '../../client/http/server';
import { organisationFile } from '../../domain/org';
import type { Register } from '../../register/db';
import { importOrganisation } from '../../register/org';
import { listen } from '../client/httpClient';
import { testActivities, testConfig } from '../../testing/deps';
import { freshRegister } from '../../testing/register';
import { SmtpCapture } from '../../testing/smtp';
import { devServerEnv, testWorker, uniqueQueue } from '../../testing/temporal';

/**
 * Journey 3 in the console app, in Chromium, through the UI only: a case registered and claimed, then the server's
 * injected clock moved past its due date (the dashboard's tiers come from the register's due dates and the server's
 * `now`; the dev server's own time does not move); the supervisor finds it from the dashboard in two clicks and
 * on the escalations page; the monthly chart is drawn by ECharts. Screenshots go to .tools/screenshots/app/.
 */
jest.setTimeout(300_000);

const SHOTS = path.resolve(__dirname, '../../.tools/screenshots/app');
let env: TestWorkflowEnvironment;
let db: Register;
let worker: Worker;
let running: Promise<void>;
let app: FastifyInstance;
let browser: Browser;
let base: string;
const smtp = new SmtpCapture();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-app-'));
const taskQueue = uniqueQueue('app-dashboard');
/** How far the server's clock runs ahead of the real one. */
let clockOffsetMs = 0;

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

async function as(user: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${base}/app/`);
  await page.fill('#user', user);
  await page.fill('#password', 'gongkai-demo');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: '我的待办' }).waitFor();
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
const stage = (page: Page, text: string) => page.locator('#application-stage', { hasText: text }).waitFor({ timeout: 30_000 });
const pageScrollsSideways = (page: Page) => page.evaluate('document.documentElement.scrollWidth > window.innerWidth') as Promise<boolean>;

let id = '';

test('a case is registered and claimed; once the clock passes its due date the supervisor finds it in two clicks', async () => {
  const handler = await as('liu.yang');
  await handler.getByRole('link', { name: '依申请公开' }).click();
  await handler.getByRole('button', { name: '登记申请' }).click();
  await handler.fill('#name', '李四');
  await handler.fill('#idNumber', '430000198502021234');
  await handler.fill('#content', '本局2025年度行政事业性收费项目清单');
  await handler.getByRole('button', { name: '登记', exact: true }).click();
  await handler.waitForURL(/\/app\/applications\/TEST-/);
  id = handler.url().split('/').pop()!;
  await handler.getByRole('button', { name: '认领此申请' }).click({ timeout: 30_000 });
  await stage(handler, '办理中');
  await handler.getByRole('link', { name: '我的待办' }).click();
  expect(await handler.locator('#my-cases tr', { hasText: id }).innerText()).toContain('办理中');
  const due = await db.selectFrom('applications').select('due_date').where('id', '=', id).executeTakeFirstOrThrow();
  expect(due.due_date).toBeTruthy();

  // 60 days on, the 20 working days are long past.
  clockOffsetMs = 60 * 86_400_000;
  const sup = await as('zhou.min');
  await sup.getByRole('link', { name: '督办看板' }).click();
  const late = sup.locator('#late tr', { hasText: id });
  await late.waitFor();
  expect(await late.innerText()).toMatch(/依申请公开[\s\S]*刘洋[\s\S]*已逾期/);
  expect(await sup.locator('#by-handler').innerText()).toContain('刘洋');
  expect(await sup.locator('#by-handler').innerText()).not.toContain('liu.yang');
  expect(await sup.locator('#by-stage').innerText()).toContain('依申请公开 · 办理中');
  await sup.locator('#monthly-chart canvas').waitFor();
  await shot(sup, '20-dashboard');
  await late.getByRole('link', { name: id }).click();
  await sup.getByRole('heading', { name: `申请 ${id}` }).waitFor();
  // (The case page's clock is the workflow's, on the dev server's own time, which this test does not move.)
  // A supervisor reads the case; acting on it is the handler's.
  expect(await sup.locator('#actions').count()).toBe(0);
});

test('the escalations page lists the overdue case with its handler by name', async () => {
  const sup = await as('zhou.min');
  await sup.getByRole('link', { name: '逾期督办' }).click();
  const row = sup.locator('#late-now tr', { hasText: id });
  await row.waitFor();
  expect(await row.innerText()).toMatch(/刘洋[\s\S]*已逾期/);
  await shot(sup, '21-escalations');
});

test('the dashboard at 375 px does not scroll sideways; an author has no dashboard in the menu', async () => {
  const phone = await as('zhou.min', 375);
  await phone.goto(`${base}/app/dashboard`);
  await phone.locator('#late').waitFor();
  expect(await pageScrollsSideways(phone)).toBe(false);
  await shot(phone, '22-dashboard-375');
  const author = await as('zhang.wei');
  expect(await author.getByRole('link', { name: '督办看板' }).count()).toBe(0);
});
