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
 * Journey 6 (in part) in the console app, in Chromium, through the UI only: the administrator creates a user, who
 * then logs in with the password shown once; creates an API key and revokes it (the portal is then refused); and
 * finds both in the audit trail. Screenshots go to .tools/screenshots/app/.
 */jest.setTimeout(300_000);

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
const taskQueue = uniqueQueue('app-admin');

beforeAll(async () => {
  [env, db] = await Promise.all([devServerEnv(), freshRegister(), smtp.start()]);
  await importOrganisation(db, organisationFile.parse(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../demo/organisation.json'), 'utf8'))));
  const overrides = { DATA_DIR: dataDir, TEMPORAL_TASK_QUEUE: taskQueue };
  worker = await testWorker(env, taskQueue, testActivities(db, smtp, overrides));
  running = worker.run();
  app = await buildServer({ config: testConfig({ ...overrides, SMTP_URL: smtp.url }), db, temporal: env.client, close: async () => {} });
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

async function as(user: string, width = 1280, password = 'gongkai-demo'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${base}/app/`);
  await page.fill('#user', user);
  await page.fill('#password', password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: '我的待办' }).waitFor();
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
const pageScrollsSideways = (page: Page) => page.evaluate('document.documentElement.scrollWidth > window.innerWidth') as Promise<boolean>;


test('the administrator creates a user, who logs in with the password shown once', async () => {
  const admin = await as('admin');
  await admin.getByRole('link', { name: '系统管理' }).click();
  await admin.locator('#users').getByText('zhang.wei', { exact: true }).waitFor();
  await admin.getByRole('button', { name: '新建用户' }).click();
  await admin.locator('#user-form').getByRole('button', { name: '新建用户' }).click();
  await admin.getByText('请填写用户名').waitFor();
  await admin.fill('#id', 'Wu Gang');
  await admin.fill('#name', '吴刚');
  await admin.fill('#email', 'wu.gang@example.gov.cn');
  await admin.locator('#user-form').getByRole('button', { name: '新建用户' }).click();
  await admin.getByText('小写字母开头，只含小写字母、数字和 . _ -，2–41 位').waitFor();
  expect(await admin.inputValue('#name')).toBe('吴刚');
  await admin.fill('#id', 'wu.gang');
  await admin.locator('#user-form').getByRole('button', { name: '新建用户' }).click();
  const password = (await admin.locator('#password-once').innerText()).trim();
  expect(password.length).toBeGreaterThanOrEqual(10);
  await shot(admin, '30-admin-user-created');
  await admin.getByRole('button', { name: '已记下' }).click();
  expect(await admin.locator('#users tr', { hasText: 'wu.gang' }).innerText()).toMatch(/吴刚[\s\S]*拟稿人[\s\S]*在用/);

  const wu = await as('wu.gang', 1280, password);
  expect(await wu.locator('.gk-user').innerText()).toContain('吴刚');
});

test('an API key is created, shown once, revoked, and the portal is then refused', async () => {
  const admin = await as('admin');
  await admin.goto(`${base}/app/admin?tab=apikeys`);
  await admin.fill('#name', 'portal');
  await admin.getByRole('button', { name: '新建密钥' }).click();
  const key = (await admin.locator('#key-once').innerText()).trim();
  await admin.getByRole('button', { name: '已保存' }).click();
  const bearer = { authorization: `Bearer ${key}` };
  expect((await fetch(`${base}/api/applications`, { headers: bearer })).status).toBe(403); // intake only: no read scope
  const row = admin.locator('#apikeys tr', { hasText: 'portal' });
  await row.getByText('有效').waitFor();
  await row.getByRole('button', { name: '吊销' }).click();
  await admin.locator('.ant-popconfirm').getByRole('button', { name: '吊销' }).click();
  await row.getByText('已吊销').waitFor();
  expect((await fetch(`${base}/api/applications`, { headers: bearer })).status).toBe(401);
  await shot(admin, '31-admin-apikeys');
});

test('the audit trail shows both, by name, filtered by action', async () => {
  const admin = await as('admin');
  await admin.goto(`${base}/app/admin?tab=audit`);
  await admin.fill('#audit-filter #action', 'user.add');
  await admin.getByRole('button', { name: '筛选' }).click();
  const row = admin.locator('#audit tr', { hasText: 'wu.gang' });
  await row.waitFor();
  expect(await row.innerText()).toMatch(/系统管理员[\s\S]*新建用户[\s\S]*完成/);
  await admin.locator('#audit-filter #action').fill('apikey.');
  await admin.getByRole('button', { name: '筛选' }).click();
  await admin.locator('#audit tr', { hasText: '吊销接口密钥' }).waitFor();
  expect(await admin.locator('#audit tr', { hasText: '新建接口密钥' }).innerText()).toContain('登记申请（门户网站）');
  await shot(admin, '32-admin-audit');
});

test('only the administrator has 系统管理', async () => {
  const sup = await as('zhou.min');
  expect(await sup.getByRole('link', { name: '系统管理' }).count()).toBe(0);
  await sup.goto(`${base}/app/admin`);
  await sup.getByText('无权操作').first().waitFor();
  // At phone width the users table scrolls inside itself, not the page.
  const phone = await as('admin', 375);
  await phone.goto(`${base}/app/admin`);
  await phone.locator('#users').getByText('zhang.wei', { exact: true }).waitFor();
  expect(await pageScrollsSideways(phone)).toBe(false);
  await shot(phone, '33-admin-375');
});
