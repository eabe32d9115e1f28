import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { LOGIN_PER_ACCOUNT, LOGIN_PER_ADDRESS } from '../../client/http/rateLimit';
import { buildServer } from '../../client/http/server';
import { organisationFile } from '../../domain/org';
import type { Register } from '../../register/db';
import { importOrganisation } from '../../register/org';
import { freshRegister } from '../../testing/register';
import { testConfig } from '../../testing/deps';
import { request } from './httpClient';

/**
 * Login limits beside the per-account-and-address backoff: many accounts tried from one address, and one account
 * tried from many addresses, are each held to a number of attempts per quarter hour; the server's clock opens them again.
 */
let db: Register;
let app: FastifyInstance;
let clock = new Date('2026-03-02T02:00:00Z');

beforeAll(async () => {
  db = await freshRegister();
  await importOrganisation(db, organisationFile.parse(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../demo/organisation.json'), 'utf8'))));
  app = await buildServer({ config: testConfig(), db, temporal: {} as Client, close: async () => {} }, { now: () => clock });
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

const send = (user: string, remoteAddress: string, password: string, extra: Record<string, string> = {}) =>
  request(app, { method: 'POST', url: '/api/session', remoteAddress, headers: { 'content-type': 'application/json', ...extra }, payload: JSON.stringify({ user, password }) });
/** An attempt refused at once for coming from another site (403), so that no password is hashed; it counts all the same. */
const attempt = (user: string, remoteAddress: string) => send(user, remoteAddress, 'x', { 'sec-fetch-site': 'cross-site' });
const login = async (user: string, remoteAddress: string) => (await send(user, remoteAddress, 'gongkai-demo')).statusCode;

test('one address trying many accounts is stopped after the limit, logged once; other addresses are not', async () => {
  const statuses = [];
  for (let i = 0; i < LOGIN_PER_ADDRESS; i++) statuses.push((await attempt(`nobody${i}`, '127.0.2.1')).statusCode);
  expect(new Set(statuses)).toEqual(new Set([403]));
  const over = await attempt('nobody-next', '127.0.2.1');
  expect(over.statusCode).toBe(429);
  expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
  expect(over.body).toContain('登录尝试过多');
  expect(await login('li.na', '127.0.2.1')).toBe(429);
  expect(await login('li.na', '127.0.2.2')).toBe(200);
  const logged = await db.selectFrom('audit_log').select(['subject_id', 'detail']).where('action', '=', 'login').where('detail', 'like', 'rate limited%').execute();
  expect(logged).toEqual([{ subject_id: '127.0.2.1', detail: expect.stringContaining('rate limited') }]);
});

test('one account tried from many addresses is stopped after the limit; the next quarter hour is open again', async () => {
  for (let i = 0; i < LOGIN_PER_ACCOUNT; i++) expect((await attempt('Wang.Fang', `127.0.3.${i + 1}`)).statusCode).toBe(403);
  expect(await login('wang.fang', '127.0.4.1')).toBe(429);
  expect(await login('zhao.lei', '127.0.4.1')).toBe(200);
  clock = new Date(clock.getTime() + 15 * 60_000 + 1000);
  expect(await login('wang.fang', '127.0.4.1')).toBe(200);
});
