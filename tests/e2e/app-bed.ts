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
import { createApiClient, type ApiClient } from '../../client/api/client';
import { listen, login } from '../client/httpClient';
import { testActivities, testConfig } from '../../testing/deps';
import { freshRegister } from '../../testing/register';
import { SmtpCapture } from '../../testing/smtp';
import { devServerEnv, testWorker, uniqueQueue } from '../../testing/temporal';

/**
 * What every browser test of the console needs: the demo organisation in a fresh register, a worker on the CLI dev
 * server, the web server, an SMTP capture and Chromium. `appBed` registers the jest hooks that start and stop
 * them; its fields are read inside tests, once `beforeAll` has run.
 */
export interface AppBed {
  base: string;
  db: Register;
  env: TestWorkflowEnvironment;
  app: FastifyInstance;
  browser: Browser;
  smtp: SmtpCapture;
  dataDir: string;
  /** The worker's task queue, for a workflow a test starts itself. */
  taskQueue: string;
  /** How far the web server's clock runs ahead of the real one (the dashboard's tiers read it). */
  clockOffsetMs: number;
  /** The console's address for an app path such as `/tasks`. */
  url(appPath: string): string;
  /** A new browser context logged in as `user` (demo password unless given), on 我的待办. */
  as(user: string, opts?: { width?: number; password?: string }): Promise<Page>;
  shot(page: Page, name: string): Promise<Buffer>;
  /** The page itself never scrolls sideways; wide tables scroll inside themselves. */
  scrollsSideways(page: Page): Promise<boolean>;
  /** The typed API client with `user`'s session, for setting up what a test does not exercise in the browser. */
  api(user: string): Promise<ApiClient>;
}

/** Waits until the case page shows the application in `text` (its stage, in words). */
export const stageIs = (page: Page, text: string) => page.locator('#application-stage', { hasText: text }).waitFor({ timeout: 30_000 });

/** Picks an option of the antd Select labelled `label` (its list opens in a layer of its own). */
export async function choose(page: Page, label: string, option: string | RegExp): Promise<void> {
  await page.getByLabel(label).click();
  await pick(page, option);
}

/**
 * Picks an option of the open Select list by its element, not by a point on the screen: just opened, the list may
 * still scroll to the current value, and a click by position then lands on the option next to the one meant.
 */
export async function pick(page: Page, option: string | RegExp): Promise<void> {
  const o = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first();
  await o.waitFor();
  await o.dispatchEvent('click');
}

/** Presses a button from the keyboard: just after a form grows (a preview), a click by position can land on another field. */
export async function press(page: Page, button: string): Promise<void> {
  const b = page.getByRole('button', { name: button });
  await b.focus();
  await b.press('Enter');
}

/** A test run leaves the checkout as it found it: the committed screenshots change only when asked. */
export const SHOTS = path.resolve(__dirname, process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/screenshots' : '../../.tools/screenshots/app');

export function appBed(name: string): AppBed {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `gongkai-${name}-`));
  const taskQueue = uniqueQueue(name);
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const handling = new Set<string>();
  const bed = {
    dataDir,
    smtp: new SmtpCapture(),
    taskQueue,
    clockOffsetMs: 0,
    url: (appPath: string) => `${bed.base}${appPath}`,
    async as(user: string, opts: { width?: number; password?: string } = {}) {
      // A clerk's browser keeps Beijing time: the forms' "today" is the agency's day, whatever the machine's zone.
      const context = await bed.browser.newContext({ viewport: { width: opts.width ?? 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
      const page = await context.newPage();
      // What a failing journey needs to be read from a CI log: the server's failures and the page's own errors.
      page.on('response', (r) => {
        if (r.status() >= 500 && r.url().includes('/api/')) console.warn(`[${user}] ${r.status()} ${r.request().method()} ${r.url()}`);
      });
      page.on('pageerror', (e) => console.warn(`[${user}] page error: ${e.message}`));
      await page.goto(bed.url('/'));
      await page.fill('#user', user);
      await page.fill('#password', opts.password ?? 'gongkai-demo');
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('heading', { name: '我的待办' }).waitFor();
      return page;
    },
    shot: (page: Page, shotName: string) => page.screenshot({ path: path.join(SHOTS, `${shotName}.png`), fullPage: true }),
    scrollsSideways: (page: Page) => page.evaluate('document.documentElement.scrollWidth > window.innerWidth') as Promise<boolean>,
    async api(user: string) {
      const { cookie, csrf } = await login(bed.app, user);
      const api = createApiClient(bed.base, undefined, { headers: { cookie } });
      api.setCsrf(csrf);
      return api;
    },
  } as AppBed;

  beforeAll(async () => {
    [bed.env, bed.db] = await Promise.all([devServerEnv(), freshRegister(), bed.smtp.start()]);
    const org = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../demo/organisation.json'), 'utf8'));
    await importOrganisation(bed.db, organisationFile.parse(org));
    const overrides = { DATA_DIR: dataDir, TEMPORAL_TASK_QUEUE: taskQueue };
    worker = await testWorker(bed.env, taskQueue, testActivities(bed.db, bed.smtp, overrides));
    running = worker.run();
    const services = { config: testConfig({ ...overrides, SMTP_URL: bed.smtp.url }), db: bed.db, temporal: bed.env.client, close: async () => {} };
    bed.app = await buildServer(services, { now: () => new Date(Date.now() + bed.clockOffsetMs) });
    // A page closed mid-request leaves its handler running (a workflow query, say): the worker and the Temporal
    // server must outlive it, or its retry fires on a closed connection after the suite.
    bed.app.addHook('preHandler', async (req) => void handling.add(req.id));
    bed.app.addHook('onSend', async (req, _reply, payload) => {
      handling.delete(req.id);
      return payload;
    });
    bed.base = await listen(bed.app);
    bed.browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await bed.browser?.close();
    // Bounded, so that a handler that never answers shows up as a failing test rather than a hung suite.
    for (let waited = 0; handling.size > 0 && waited < 60_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect([...handling]).toEqual([]);
    await bed.app?.close();
    worker?.shutdown();
    await running;
    await Promise.all([bed.env?.teardown(), bed.db?.destroy(), bed.smtp.stop()]);
  });
  return bed;
}
