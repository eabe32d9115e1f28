import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../client/http/server';
import type { Backend } from '../../client/http/backend';
import type { Services } from '../../client/context';
import { organisationFile } from '../../domain/org';
import { defaultPolicies } from '../../domain/review/policy';
import { initialState, type ReviewState } from '../../domain/review/state';
import type { Register } from '../../register/db';
import { importOrganisation } from '../../register/org';
import { freshRegister } from '../../testing/register';
import { testConfig } from '../../testing/deps';
import { request } from './httpClient';

/**
 * Security of the console without Temporal: a stub backend stands in for the workflows, so every refusal
 * seen here is the web layer's own (roles, CSRF, sessions, rate limit, escaping).
 */
let db: Register;
let clock = new Date('2026-03-02T02:00:00Z');
const now = () => clock;
const XSS_TITLE = '<script>alert("t")</script>标题';
const XSS_BODY = '<img src=x onerror=alert(1)> & "引号"';
const acted: Array<{ id: string; action: string; args: unknown }> = [];
let state: ReviewState;

const stub = {
  async submitItem() {
    return 'item-new';
  },
  async itemState(id: string) {
    return id === state.itemId ? state : null;
  },
  async reviewAct(id: string, _user: string, args: { action: string }) {
    acted.push({ id, action: args.action, args });
    return { status: 'review', stage: 'first', holder: null, version: 1, hash: state.versions[0].hash, due: null };
  },
} as unknown as Backend;

async function server(overrides: Record<string, string> = {}): Promise<FastifyInstance> {
  const services: Services = { config: testConfig(overrides), db, temporal: {} as Client, close: async () => {} };
  return buildServer(services, { now, backend: stub });
}

function cookiesOf(res: { headers: Record<string, unknown> }): string[] {
  const h = res.headers['set-cookie'];
  return h === undefined ? [] : Array.isArray(h) ? h.map(String) : [String(h)];
}

async function login(app: FastifyInstance, user: string, password = 'gongkai-demo', ip = '127.0.0.1') {
  const form = await request(app, { method: 'GET', url: '/login', remoteAddress: ip });
  const loginCookie = cookiesOf(form).find((c) => c.startsWith('gk_login='))!.split(';')[0];
  const token = decodeURIComponent(loginCookie.split('=')[1]);
  const res = await request(app, {
    method: 'POST', url: '/login', remoteAddress: ip, headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ user, password, _login: token }).toString(),
  });
  const session = cookiesOf(res).find((c) => c.startsWith('gk_session=') && !c.startsWith('gk_session=;'));
  let csrf = '';
  if (session) {
    const page = await request(app, { method: 'GET', url: '/tasks', headers: { cookie: session.split(';')[0] } });
    csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
  }
  return { res, cookie: session?.split(';')[0] ?? '', rawCookie: session, csrf };
}

const post = (app: FastifyInstance, url: string, cookie: string, form: Record<string, string>) =>
  request(app, { method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() });

const refusals = (action: string) =>
  db.selectFrom('audit_log').selectAll().where('outcome', '=', 'refused').where('action', '=', action).execute();

let app: FastifyInstance;
beforeAll(async () => {
  db = await freshRegister();
  const demo = organisationFile.parse(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../demo/organisation.json'), 'utf8')));
  await importOrganisation(db, demo);
  const policy = defaultPolicies.find((p) => p.category === '工作动态')!;
  state = initialState('item-xss', { title: XSS_TITLE, category: '工作动态', format: 'markdown', body: XSS_BODY, attachments: [], author: 'zhang.wei', section: '社会救助股', column: '工作动态', disclosure: '主动公开' }, policy, clock.toISOString());
  const at = clock.toISOString();
  await db.insertInto('review_items').values({ id: 'item-xss', title: XSS_TITLE, category: '工作动态', author: 'zhang.wei', section: 's', column_name: 'c', status: 'review', stage: 'first', holder: null, current_version: 1, current_hash: state.versions[0].hash, due: '2026-03-04T10:00:00.000Z', created_at: at, updated_at: at }).execute();
  await db.insertInto('review_tasks').values({ id: 'item-xss#1', item_id: 'item-xss', entry: 1, stage: 'first', stage_name: '初审', group_id: 'section-heads', holder: null, due: '2026-03-04T10:00:00.000Z', status: 'open', opened_at: at, closed_at: null }).execute();
  app = await server();
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

test('login sets an HttpOnly, SameSite=Strict session cookie; Secure when the public URL is https', async () => {
  const { res, rawCookie } = await login(app, 'zhang.wei');
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toBe('/tasks');
  expect(rawCookie).toMatch(/HttpOnly/);
  expect(rawCookie).toMatch(/SameSite=Strict/);
  expect(rawCookie).not.toMatch(/Secure/);

  const tls = await server({ PUBLIC_URL: 'https://gongkai.example.gov.cn' });
  const viaTls = await login(tls, 'zhang.wei');
  expect(viaTls.rawCookie).toMatch(/HttpOnly/);
  expect(viaTls.rawCookie).toMatch(/SameSite=Strict/);
  expect(viaTls.rawCookie).toMatch(/; Secure/);
  await tls.close();
});

test('the register keeps only a hash of the session id; logout ends the session', async () => {
  const { cookie, csrf } = await login(app, 'li.na');
  const token = decodeURIComponent(cookie.split('=')[1]);
  const rows = await db.selectFrom('web_sessions').select('id_hash').where('user_id', '=', 'li.na').execute();
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.map((r) => r.id_hash)).not.toContain(token);
  expect((await request(app, { method: 'GET', url: '/tasks', headers: { cookie } })).statusCode).toBe(200);
  const out = await post(app, '/logout', cookie, { _csrf: csrf });
  expect(out.statusCode).toBe(303);
  const after = await request(app, { method: 'GET', url: '/tasks', headers: { cookie } });
  expect(after.statusCode).toBe(302);
  expect(after.headers.location).toMatch(/^\/login/);
});

test('a login without the form token is refused (login CSRF)', async () => {
  const res = await request(app, { method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'user=zhang.wei&password=gongkai-demo' });
  expect(res.statusCode).toBe(403);
  expect(cookiesOf(res).some((c) => c.startsWith('gk_session=') && !c.startsWith('gk_session=;'))).toBe(false);
});

test('a POST with a missing or forged CSRF token is refused with 403 and logged', async () => {
  const { cookie, csrf } = await login(app, 'li.na');
  const before = (await refusals('POST /items/:id/claim')).length;
  const missing = await post(app, '/items/item-xss/claim', cookie, {});
  expect(missing.statusCode).toBe(403);
  const forged = await post(app, '/items/item-xss/claim', cookie, { _csrf: `${csrf.slice(0, -2)}xx` });
  expect(forged.statusCode).toBe(403);
  // Another user's token is no better.
  const other = await login(app, 'wang.fang');
  expect((await post(app, '/items/item-xss/claim', cookie, { _csrf: other.csrf })).statusCode).toBe(403);
  expect(acted.filter((a) => a.action === 'claim')).toHaveLength(0);
  const logged = await refusals('POST /items/:id/claim');
  expect(logged.length - before).toBe(3);
  expect(logged.map((r) => r.detail)).toEqual(expect.arrayContaining(['missing CSRF token', 'forged CSRF token']));
  // With the right token the same request goes through.
  const ok = await post(app, '/items/item-xss/claim', cookie, { _csrf: csrf });
  expect(ok.statusCode).toBe(303);
  expect(acted.filter((a) => a.action === 'claim')).toHaveLength(1);
});

test.each([
  ['zhang.wei', 'approve', { comment: 'x' }],
  ['zhang.wei', 'claim', {}],
  ['zhou.min', 'revise', { title: 't', body: 'b' }],
  ['wang.fang', 'retract', { reason: 'r' }],
  ['wang.fang', 'withdraw', {}],
])('%s may not %s an item: 403, nothing sent, refusal in audit_log', async (user, action, form) => {
  const { cookie, csrf } = await login(app, user);
  const sentBefore = acted.length;
  const res = await post(app, `/items/item-xss/${action}`, cookie, { _csrf: csrf, ...form });
  expect(res.statusCode).toBe(403);
  expect(acted.length).toBe(sentBefore);
  const rows = await db.selectFrom('audit_log').selectAll().where('actor', '=', user).where('action', '=', `item.${action}`).where('outcome', '=', 'refused').execute();
  expect(rows.length).toBeGreaterThan(0);
  expect(rows[0].subject_id).toBe('item-xss');
});

test('a supervisor may not submit an item (403, logged)', async () => {
  const { cookie, csrf } = await login(app, 'zhou.min');
  const res = await post(app, '/items', cookie, { _csrf: csrf, title: 't', category: '工作动态', column: 'c', section: 's', body: 'b' });
  expect(res.statusCode).toBe(403);
  expect((await refusals('item.submit')).some((r) => r.actor === 'zhou.min')).toBe(true);
});

test('HTML in a title or body is escaped on the task list and the item page', async () => {
  const { cookie } = await login(app, 'li.na');
  const tasks = await request(app, { method: 'GET', url: '/tasks', headers: { cookie } });
  expect(tasks.statusCode).toBe(200);
  expect(tasks.body).not.toContain('<script>alert');
  expect(tasks.body).toContain('&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;标题');
  const item = await request(app, { method: 'GET', url: '/items/item-xss', headers: { cookie } });
  expect(item.statusCode).toBe(200);
  expect(item.body).not.toContain('<script>alert');
  expect(item.body).not.toContain('<img src=x');
  expect(item.body).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;引号&quot;');
  expect(item.headers['content-security-policy']).toMatch(/script-src 'none'/);
});

test('text in the query string is never shown as a flash message (message codes only: httpFlash.test.ts)', async () => {
  const { cookie } = await login(app, 'li.na');
  const res = await request(app, { method: 'GET', url: `/tasks?ok=${encodeURIComponent('<b onmouseover=x>hi</b>')}`, headers: { cookie } });
  expect(res.body).not.toContain('onmouseover');
});

test('repeated failed logins are slowed: after the free attempts the next must wait, even with the right password', async () => {
  const ip = '127.0.9.9';
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push((await login(app, 'wang.fang', 'wrong-password', ip)).res.statusCode);
  expect(statuses).toEqual([401, 401, 401, 401, 401]);
  const slowed = await login(app, 'wang.fang', 'gongkai-demo', ip);
  expect(slowed.res.statusCode).toBe(429);
  expect(Number(slowed.res.headers['retry-after'])).toBeGreaterThan(0);
  expect(slowed.cookie).toBe('');
  // Another IP is not held back by this one's failures.
  expect((await login(app, 'wang.fang', 'gongkai-demo', '127.0.1.1')).res.statusCode).toBe(303);
  // Each further failure doubles the wait.
  clock = new Date(clock.getTime() + 1500);
  expect((await login(app, 'wang.fang', 'still-wrong', ip)).res.statusCode).toBe(401);
  expect((await login(app, 'wang.fang', 'gongkai-demo', ip)).res.statusCode).toBe(429);
  clock = new Date(clock.getTime() + 2500);
  expect((await login(app, 'wang.fang', 'gongkai-demo', ip)).res.statusCode).toBe(303);
  const failures = await db.selectFrom('audit_log').select('id').where('action', '=', 'login').where('outcome', '=', 'refused').where('actor', '=', 'wang.fang').execute();
  expect(failures.length).toBe(6);
});

test('password change needs the current password and ends the other sessions', async () => {
  const a = await login(app, 'sun.li');
  const b = await login(app, 'sun.li', 'gongkai-demo', '127.0.0.2');
  const wrong = await post(app, '/account/password', a.cookie, { _csrf: a.csrf, current: 'nope', password: 'new-password-123', confirm: 'new-password-123' });
  expect(wrong.statusCode).toBe(403);
  const ok = await post(app, '/account/password', a.cookie, { _csrf: a.csrf, current: 'gongkai-demo', password: 'new-password-123', confirm: 'new-password-123' });
  expect(ok.statusCode).toBe(200);
  expect((await request(app, { method: 'GET', url: '/tasks', headers: { cookie: b.cookie } })).statusCode).toBe(302);
  expect((await request(app, { method: 'GET', url: '/tasks', headers: { cookie: a.cookie } })).statusCode).toBe(200);
  expect((await login(app, 'sun.li', 'gongkai-demo', '127.0.0.3')).res.statusCode).toBe(401);
  expect((await login(app, 'sun.li', 'new-password-123', '127.0.0.3')).res.statusCode).toBe(303);
});

test('after login only same-site paths are followed (no open redirect)', async () => {
  const form = await request(app, { method: 'GET', url: '/login' });
  const c = cookiesOf(form).find((x) => x.startsWith('gk_login='))!.split(';')[0];
  const res = await request(app, {
    method: 'POST', url: '/login', headers: { cookie: c, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ user: 'li.na', password: 'gongkai-demo', _login: decodeURIComponent(c.split('=')[1]), next: '//evil.example/x' }).toString(),
  });
  expect(res.headers.location).toBe('/tasks');
});
