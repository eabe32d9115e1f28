import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../client/http/server';
import type { Services } from '../../client/context';
import type { Register } from '../../register/db';
import { freshRegister } from '../../testing/register';
import { testConfig } from '../../testing/deps';
import { request } from './httpClient';

let db: Register;
let app: FastifyInstance;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-site-'));

beforeAll(async () => {
  db = await freshRegister();
  fs.mkdirSync(path.join(dataDir, 'site/items'), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'site/items/item-1.html'), '<h1>关于春节放假的通知</h1>');
  fs.writeFileSync(path.join(dataDir, 'site/rss.xml'), '<rss/>');
  fs.writeFileSync(path.join(dataDir, 'secret.txt'), 'not public');
  const services: Services = { config: testConfig({ DATA_DIR: dataDir }), db, temporal: {} as Client, close: async () => {} };
  app = await buildServer(services);
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

test('published pages are served at /site/ without a login', async () => {
  const page = await request(app, { method: 'GET', url: '/site/items/item-1.html' });
  expect(page.statusCode).toBe(200);
  expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(page.body).toBe('<h1>关于春节放假的通知</h1>');
  expect((await request(app, { method: 'GET', url: '/site/rss.xml' })).headers['content-type']).toMatch(/rss\+xml/);
});

test('nothing outside the site directory, and no unknown file types, can be read', async () => {
  for (const url of ['/site/../secret.txt', '/site/%2e%2e/secret.txt', '/site/items/none.html', '/site/items/item-1.txt']) {
    const res = await request(app, { method: 'GET', url });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('not public');
  }
});
