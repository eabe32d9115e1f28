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
 * Journey 4 (in part) in the console app, in Chromium, through the UI only: the office head starts the year's
 * annual report naming its editor; the editor fills sections 一, 二 (the figures, in the form), 五 and 六, sees the
 * cross-checks pass, previews it in the national format, downloads the DOCX and submits it to review. The year is
 * the one the page offers (last year); nothing asserted depends on it. Screenshots go to .tools/screenshots/app/.
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
const taskQueue = uniqueQueue('app-report');

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



test('the office head starts the report; the editor fills it, previews it, downloads it and submits it', async () => {
  const head = await as('sun.li');
  await head.getByRole('link', { name: '年度报告' }).click();
  await head.locator('#report-start').waitFor();
  await head.getByLabel('填写人').click();
  await head.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '刘洋' }).click();
  await head.getByRole('button', { name: '开始编制' }).click();
  await head.locator('#report-state', { hasText: '待填写' }).waitFor({ timeout: 60_000 });

  const editor = await as('liu.yang');
  await editor.getByRole('link', { name: '年度报告' }).click();
  await editor.locator('#report-state', { hasText: '待填写' }).waitFor();
  await editor.getByRole('button', { name: '保存' }).click();
  await editor.getByText('请填写第五部分').waitFor();
  for (const input of await editor.locator('#report-form input[role=spinbutton]').all()) await input.fill('0');
  await editor.getByLabel('五、存在的主要问题及改进情况').fill('一是主动公开的及时性有待提高；二是依申请公开答复的规范化水平有待加强。');
  await editor.getByLabel('六、其他需要报告的事项').fill('本年度未收取信息处理费。');
  await editor.getByRole('button', { name: '保存' }).click();
  await editor.getByText('已保存').waitFor();
  await editor.getByText('交叉校验全部通过。').waitFor();
  await shot(editor, '40-report-filled');

  const preview = await editor.request.get(`${base}${await editor.locator('#report-preview').getAttribute('href')}`);
  expect(preview.status()).toBe(200);
  expect(await preview.text()).toContain('政府信息公开工作年度报告');
  const [download] = await Promise.all([editor.waitForEvent('download'), editor.getByRole('link', { name: '下载 DOCX' }).click()]);
  expect(fs.readFileSync(await download.path()).subarray(0, 2).toString()).toBe('PK');

  await editor.getByRole('button', { name: '送审' }).click();
  await editor.locator('#report-state', { hasText: '审核中' }).waitFor({ timeout: 30_000 });
});
