import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../client/http/server';
import type { Backend } from '../../client/http/backend';
import { HttpError } from '../../client/http/auth';
import { organisationFile } from '../../domain/org';
import type { Register } from '../../register/db';
import { createApiKey } from '../../register/applications';
import { importOrganisation } from '../../register/org';
import { grantApiScope } from '../../register/web';
import { freshRegister } from '../../testing/register';
import { testConfig } from '../../testing/deps';
import { login, request } from './httpClient';

/** The JSON API over a stub backend: status codes, error shape, CSRF by header, API key scopes, OpenAPI. */
let db: Register;
let app: FastifyInstance;
const sent: unknown[] = [];
const stub = {
  async submitItem() {
    return 'item-1';
  },
  async itemState() {
    return null;
  },
  async reviewAct(_id: string, _user: string, a: { action: string }) {
    sent.push(a);
    if (a.action === 'approve') throw new HttpError(409, 'refused', 'the task is held by wang.fang');
    return { status: 'review', stage: 'first', holder: 'li.na', version: 1, hash: 'a'.repeat(64), due: null };
  },
  async applicationState() {
    return null;
  },
} as unknown as Backend;

beforeAll(async () => {
  db = await freshRegister();
  await importOrganisation(db, organisationFile.parse(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../demo/organisation.json'), 'utf8'))));
  app = await buildServer({ config: testConfig(), db, temporal: {} as Client, close: async () => {} }, { backend: stub });
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

async function session(user: string): Promise<{ cookie: string; csrf: string }> {
  const { cookie, csrf } = await login(app, user);
  return { cookie, csrf };
}

const json = (o: unknown) => JSON.stringify(o);

test('without a session the API answers 401 in the error shape', async () => {
  const res = await request(app, { method: 'GET', url: '/api/tasks' });
  expect(res.statusCode).toBe(401);
  expect(JSON.parse(res.body)).toEqual({ error: 'unauthenticated', message: '请先登录' });
  expect((await request(app, { method: 'GET', url: '/api/nope' })).statusCode).toBe(404);
});

test('POST with a session needs the X-CSRF-Token header', async () => {
  const { cookie, csrf } = await session('li.na');
  const body = json({ action: 'claim' });
  const headers = { cookie, 'content-type': 'application/json' };
  expect((await request(app, { method: 'POST', url: '/api/items/item-1/actions', headers, payload: body })).statusCode).toBe(403);
  const ok = await request(app, { method: 'POST', url: '/api/items/item-1/actions', headers: { ...headers, 'x-csrf-token': csrf }, payload: body });
  expect(ok.statusCode).toBe(200);
});

test('400 names the field; 403 for the wrong role is logged; 409 passes the workflow refusal through', async () => {
  const { cookie, csrf } = await session('li.na');
  const headers = { cookie, 'content-type': 'application/json', 'x-csrf-token': csrf };
  const bad = await request(app, { method: 'POST', url: '/api/items/item-1/actions', headers, payload: json({ action: 'reject', reason: '' }) });
  expect(bad.statusCode).toBe(400);
  expect(JSON.parse(bad.body)).toMatchObject({ error: 'bad_request', field: 'reason' });
  const retract = await request(app, { method: 'POST', url: '/api/items/item-1/actions', headers, payload: json({ action: 'retract', reason: 'x' }) });
  expect(retract.statusCode).toBe(403);
  const row = await db.selectFrom('audit_log').selectAll().where('action', '=', 'item.retract').where('actor', '=', 'li.na').executeTakeFirst();
  expect(row).toMatchObject({ outcome: 'refused', subject_kind: 'item', subject_id: 'item-1' });
  const held = await request(app, { method: 'POST', url: '/api/items/item-1/actions', headers, payload: json({ action: 'approve' }) });
  expect(held.statusCode).toBe(409);
  expect(JSON.parse(held.body)).toMatchObject({ error: 'refused', message: 'the task is held by wang.fang' });
  const author = await session('zhang.wei');
  const missing = await request(app, { method: 'GET', url: '/api/items/item-404', headers: { cookie: author.cookie } });
  expect(missing.statusCode).toBe(404);
});

test('an API key works only for its scope; an unknown key is 401', async () => {
  const readKey = await createApiKey(db, 'portal-read', new Date().toISOString());
  await grantApiScope(db, 'portal-read', 'applications:read');
  const intakeKey = await createApiKey(db, 'portal-intake', new Date().toISOString());
  await grantApiScope(db, 'portal-intake', 'applications:intake');
  const ok = await request(app, { method: 'GET', url: '/api/applications', headers: { authorization: `Bearer ${readKey}` } });
  expect(ok.statusCode).toBe(200);
  expect(JSON.parse(ok.body)).toEqual({ rows: [], total: 0 });
  const wrongScope = await request(app, { method: 'GET', url: '/api/applications', headers: { authorization: `Bearer ${intakeKey}` } });
  expect(wrongScope.statusCode).toBe(403);
  const refused = await db.selectFrom('audit_log').selectAll().where('actor', '=', 'apikey:portal-intake').execute();
  expect(refused).toHaveLength(1);
  // A key is never a session: it cannot reach user routes.
  expect((await request(app, { method: 'GET', url: '/api/tasks', headers: { authorization: `Bearer ${readKey}` } })).statusCode).toBe(401);
  expect((await request(app, { method: 'GET', url: '/api/applications', headers: { authorization: 'Bearer gk_forged' } })).statusCode).toBe(401);
});

test('/api/openapi.json lists every API route with its methods', async () => {
  const res = await request(app, { method: 'GET', url: '/api/openapi.json' });
  expect(res.statusCode).toBe(200);
  const doc = JSON.parse(res.body);
  expect(doc.openapi).toBe('3.1.0');
  for (const [p, method] of [['/api/items', 'post'], ['/api/items/{id}/actions', 'post'], ['/api/applications', 'get'], ['/api/applications/{id}/decide', 'post'], ['/api/dashboard', 'get'], ['/api/audit', 'get']]) {
    expect(doc.paths[p]?.[method]).toBeDefined();
  }
  expect(doc.paths['/api/items/{id}/actions'].post.requestBody.content['application/json'].schema).toBeDefined();
  const listed = new Set(Object.keys(doc.paths));
  expect(listed.size).toBeGreaterThanOrEqual(15);
});
