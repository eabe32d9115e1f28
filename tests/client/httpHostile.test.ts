import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { buildServer } from '../../client/http/server';
import type { Backend } from '../../client/http/backend';
import { organisationFile } from '../../domain/org';
import type { Register } from '../../register/db';
import { importOrganisation } from '../../register/org';
import { freshRegister } from '../../testing/register';
import { testConfig } from '../../testing/deps';
import { login as loginAs, request } from './httpClient';

/**
 * The JSON API fed random and hostile bodies (issue 8): wrong types, non-objects, unicode edge cases,
 * prototype-pollution keys, oversized and malformed payloads. Every answer is a 4xx with a message, never
 * a 5xx; nothing reaches the backend (the workflows) and nothing is written to the register as done.
 */
let db: Register;
let app: FastifyInstance;
const calls: string[] = [];
// Any call at all is a change: the bodies below are all invalid, so none may get through validation.
const backend = new Proxy({}, { get: (_t, name) => async () => void calls.push(String(name)) }) as unknown as Backend;

beforeAll(async () => {
  db = await freshRegister();
  const everyRole = ['author', 'reviewer', 'handler', 'officeHead', 'supervisor', 'admin'] as const;
  await importOrganisation(db, organisationFile.parse({
    groups: [{ id: 'section-heads', name: '初审' }, { id: 'office', name: '复审' }, { id: 'leaders', name: '终审' }, { id: 'disclosure-office', name: '公开办' }],
    users: [{ id: 'all.roles', name: '测试', email: 'all@test.local', roles: everyRole, groups: ['section-heads', 'office', 'leaders', 'disclosure-office'], password: 'gongkai-test' }],
  }));
  app = await buildServer({ config: testConfig(), db, temporal: {} as Client, close: async () => {} }, { backend });
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

async function login(): Promise<Record<string, string>> {
  const { cookie, csrf } = await loginAs(app, 'all.roles', 'gongkai-test');
  return { cookie, 'x-csrf-token': csrf };
}

async function postRoutes(): Promise<string[]> {
  const doc = JSON.parse((await request(app, { method: 'GET', url: '/api/openapi.json' })).body) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths)
    .filter(([, ops]) => 'post' in ops)
    .map(([p]) => p.replace(/\{id\}|:id/g, 'item-1'));
}

const pollution = ['__proto__', 'constructor', 'prototype'];
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom('\u0000', '\ud800', '\udfff', '\u202e标题', '𠀀'.repeat(300), '<script>alert(1)</script>', "'; drop table users; --"),
);
// Values that are never a valid body: not an object, or an object whose every field has a wrong type.
const hostileBody = fc.oneof(
  fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), hostileText, fc.array(fc.anything(), { maxLength: 5 })),
  fc.dictionary(fc.oneof(fc.constantFrom(...pollution, 'action', 'title', 'body', 'outcome', 'decision', 'actor'), fc.string()), fc.oneof(fc.integer(), fc.array(fc.integer()), fc.constant(null), fc.object({ maxDepth: 1 })), { minKeys: 1, maxKeys: 6 }),
  fc.constantFrom(
    '{"__proto__": {"polluted": true}, "action": {"__proto__": 1}}',
    '{"constructor": {"prototype": {"polluted": true}}}',
  ),
);

test('random and hostile JSON bodies get a 4xx with a message, never a 5xx, and change nothing', async () => {
  const headers = await login();
  const routes = await postRoutes();
  const families = new Set(routes.map((p) => p.split('/')[2]));
  for (const f of ['items', 'applications', 'appeals', 'reports', 'admin']) expect(families).toContain(f);
  const auditBefore = await db.selectFrom('audit_log').select('id').where('outcome', '=', 'done').execute();
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...routes), hostileBody, async (url, body) => {
      const payload = typeof body === 'string' && body.startsWith('{') ? body : JSON.stringify(body);
      const res = await request(app, { method: 'POST', url, headers: { ...headers, 'content-type': 'application/json' }, payload });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      const err = JSON.parse(res.body) as { error: string; message: string };
      expect(typeof err.error).toBe('string');
      expect(err.message.length).toBeGreaterThan(0);
    }),
    { numRuns: 150, seed: 20261126 },
  );
  // Most bodies must reach validation (400), not stop at a role or existence check.
  expect(statuses.get(400) ?? 0).toBeGreaterThan(75);
  expect(calls).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  const auditAfter = await db.selectFrom('audit_log').select('id').where('outcome', '=', 'done').execute();
  expect(auditAfter.length).toBe(auditBefore.length);
});

test('malformed, oversized and mistyped payloads are refused with a 4xx', async () => {
  const headers = await login();
  const cases: Array<{ type: string; payload: string; status: number }> = [
    { type: 'application/json', payload: '{"action": "claim"', status: 400 },
    { type: 'application/json', payload: JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) }), status: 413 },
    { type: 'text/plain', payload: 'action=claim', status: 400 }, // a string, not the object the schema wants
  ];
  for (const c of cases) {
    const res = await request(app, { method: 'POST', url: '/api/items', headers: { ...headers, 'content-type': c.type }, payload: c.payload });
    expect([c.type, res.statusCode]).toEqual([c.type, c.status]);
    expect(JSON.parse(res.body).message).toBeTruthy();
  }
  expect(calls).toEqual([]);
});

/** Every byte percent-encoded (a lone surrogate becomes U+FFFD, as a browser would send it); a raw `%` stays malformed. */
const enc = (v: string) => (v === '%' ? '%' : [...Buffer.from(v, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''));

async function getRoutes(): Promise<string[]> {
  const doc = JSON.parse((await request(app, { method: 'GET', url: '/api/openapi.json' })).body) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).filter(([, ops]) => 'get' in ops).map(([p]) => p);
}

test('hostile path parameters and query strings on every GET route get an answer below 500', async () => {
  const headers = await login();
  const routes = await getRoutes();
  // Every family of the API is in the document, and so under test here and in the POST test above.
  const families = new Set(routes.map((p) => p.split('/')[2]));
  for (const f of ['me', 'tasks', 'items', 'applications', 'outcomes', 'dashboard', 'escalations', 'audit', 'calendar', 'reports', 'admin']) expect(families).toContain(f);
  const queryValue = fc.oneof(hostileText, fc.constantFrom('-1', '0', '1e309', 'NaN', '2100-01-01', '9999-99-99', '../../etc/passwd', '%', '[]', '{}'));
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...routes), fc.array(queryValue, { minLength: 1, maxLength: 3 }),
      fc.dictionary(fc.constantFrom(...pollution, 'page', 'limit', 'offset', 'from', 'to', 'status', 'scope', 'kind', 'outcome', 'dueBefore'), queryValue, { maxKeys: 4 }),
      async (route, params, query) => {
        let i = 0;
        const url = route.replace(/\{\w+\}/g, () => enc(params[i++ % params.length] || 'x'));
        const qs = Object.entries(query).map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
        const res = await request(app, { method: 'GET', url: qs ? `${url}?${qs}` : url, headers });
        expect([route, res.statusCode < 500]).toEqual([route, true]);
      },
    ),
    { numRuns: 200, seed: 20261201 },
  );
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});
