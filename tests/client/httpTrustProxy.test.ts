import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../client/http/server';
import type { Services } from '../../client/context';
import { organisationFile } from '../../domain/org';
import type { Register } from '../../register/db';
import { importOrganisation } from '../../register/org';
import { freshRegister } from '../../testing/register';
import { testConfig } from '../../testing/deps';
import { request } from './httpClient';

/**
 * Finding 4: with an https PUBLIC_URL the server trusted any X-Forwarded-For, so a client could name a new
 * address on every attempt and never be slowed at login. Proxies are now trusted only when TRUST_PROXY says so.
 */
let db: Register;
const clock = new Date('2026-03-02T02:00:00Z');
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  db = await freshRegister();
  const demo = organisationFile.parse(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../demo/organisation.json'), 'utf8')));
  await importOrganisation(db, demo);
});
afterAll(async () => {
  for (const a of apps) await a.close();
  await db?.destroy();
});

async function server(overrides: Record<string, string>): Promise<FastifyInstance> {
  const services: Services = { config: testConfig(overrides), db, temporal: {} as Client, close: async () => {} };
  const app = await buildServer(services, { now: () => clock });
  apps.push(app);
  return app;
}

async function login(app: FastifyInstance, user: string, password: string, forwardedFor: string): Promise<number> {
  const res = await request(app, {
    method: 'POST', url: '/api/session', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, payload: JSON.stringify({ user, password }),
  });
  return res.statusCode;
}

test('behind https without TRUST_PROXY, a new X-Forwarded-For on each attempt does not escape the login limit', async () => {
  const app = await server({ PUBLIC_URL: 'https://gongkai.example.gov.cn' });
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push(await login(app, 'wang.fang', 'wrong-password', `203.0.113.${i + 1}`));
  expect(statuses).toEqual([401, 401, 401, 401, 401]);
  expect(await login(app, 'wang.fang', 'gongkai-demo', '203.0.113.99')).toBe(429);
});

test('with TRUST_PROXY naming the proxy, the client address it forwards is used: one client is not held back by another', async () => {
  const app = await server({ PUBLIC_URL: 'https://gongkai.example.gov.cn', TRUST_PROXY: '127.0.0.1' });
  for (let i = 0; i < 5; i++) expect(await login(app, 'li.na', 'wrong-password', '198.51.100.7')).toBe(401);
  expect(await login(app, 'li.na', 'gongkai-demo', '198.51.100.7')).toBe(429);
  expect(await login(app, 'li.na', 'gongkai-demo', '198.51.100.8')).toBe(200);
});
