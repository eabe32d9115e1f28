import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { buildServer } from '../../client/http/server';
import type { Register } from '../../register/db';
import { listen } from '../client/httpClient';
import { testConfig } from '../../testing/deps';
import { freshRegister } from '../../testing/register';

/** The API reference page in a real browser: it renders the routes under its own CSP, with no script refused. */
jest.setTimeout(120_000);
let db: Register;
let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  db = await freshRegister();
  app = await buildServer({ config: testConfig(), db, temporal: {} as Client, close: async () => {} });
  base = await listen(app);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.destroy();
});

test('/api/docs lists the API routes and the browser refuses nothing on it', async () => {
  const page = await browser.newPage();
  const refused: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) refused.push(m.text());
  });
  await page.goto(`${base}/api/docs/`);
  await page.waitForSelector('.opblock-summary-path', { timeout: 60_000 });
  const paths = await page.$$eval('.opblock-summary-path', (els) => els.map((e) => e.getAttribute('data-path')));
  expect(paths).toEqual(expect.arrayContaining(['/api/me', '/api/applications/{id}/decide', '/api/admin/calendar/import', '/api/reports/{year}/render/{format}']));
  expect(refused).toEqual([]);
});
