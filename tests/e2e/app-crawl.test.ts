import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildServer } from '../../client/http/server';
import { dictionary } from '../../domain/dictionary';
import { organisationFile } from '../../domain/org';
import type { Register } from '../../register/db';
import { importOrganisation } from '../../register/org';
import { listen } from '../client/httpClient';
import { testActivities, testConfig } from '../../testing/deps';
import { freshRegister } from '../../testing/register';
import { SmtpCapture } from '../../testing/smtp';
import { devServerEnv, testWorker, uniqueQueue } from '../../testing/temporal';

/**
 * Every page of the console app's menu, as each role of the demo organisation, at 375 px and at 1280 px: no
 * answer of 500 or more, no horizontal scroll of the page itself, and no code from the dictionary shown as text.
 */jest.setTimeout(300_000);

let env: TestWorkflowEnvironment;
let db: Register;
let worker: Worker;
let running: Promise<void>;
let app: FastifyInstance;
let browser: Browser;
let base: string;
const smtp = new SmtpCapture();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-app-'));
const taskQueue = uniqueQueue('app-crawl');

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





const users = ['zhang.wei', 'li.na', 'liu.yang', 'sun.li', 'zhou.min', 'admin'];
const demoIds = new Set(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../demo/organisation.json'), 'utf8')).users.map((u: { id: string }) => u.id));
/** Codes a clerk must never read: every key of the dictionary that is not also a user's login name. */
const codes = [...new Set(Object.values(dictionary).flatMap((t) => Object.keys(t)))].filter((k) => !demoIds.has(k) && k.length >= 4);
const codePattern = new RegExp(`(^|[^\\w.-])(${codes.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\w.-])`);

test.each(users)('every menu page as %s, at 375 px and 1280 px', async (user) => {
  const page = await as(user);
  const failures: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 500) failures.push(`${r.status()} ${r.url()}`);
  });
  const links = await page.locator('.ant-menu a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  const appPages = links.filter((h) => h.startsWith('/app/'));
  expect(appPages.length).toBeGreaterThan(1);
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    for (const href of appPages) {
      await page.goto(`${base}${href}`);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      if (await page.evaluate('document.documentElement.scrollWidth > window.innerWidth')) failures.push(`${href} at ${width}px scrolls sideways`);
      const m = codePattern.exec(await page.locator('body').innerText());
      if (m) failures.push(`${href} shows the code "${m[2]}"`);
    }
  }
  expect(failures).toEqual([]);
});
