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
import { cookiesOf, login as loginAs, request } from './httpClient';

/**
 * Security of the web layer without Temporal: a stub backend stands in for the workflows, so every refusal
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

const login = (app: FastifyInstance, user: string, password?: string, ip?: string) => loginAs(app, user, password, ip);

/** A JSON POST as the app sends it: the session cookie and, when given, the CSRF token in its header. */
const post = (app: FastifyInstance, url: string, cookie: string, body: Record<string, unknown>, csrf?: string) =>
  request(app, { method: 'POST', url, headers: { cookie, 'content-type': 'application/json', ...(csrf === undefined ? {} : { 'x-csrf-token': csrf }) }, payload: JSON.stringify(body) });
const me = (app: FastifyInstance, cookie: string) => request(app, { method: 'GET', url: '/api/me', headers: { cookie } });
const act = (cookie: string, body: Record<string, unknown>, csrf?: string) => post(app, '/api/items/item-xss/actions', cookie, body, csrf);

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
  expect(res.statusCode).toBe(200);
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
  expect((await me(app, cookie)).statusCode).toBe(200);
  const out = await request(app, { method: 'DELETE', url: '/api/session', headers: { cookie, 'x-csrf-token': csrf } });
  expect(out.statusCode).toBe(200);
  expect((await me(app, cookie)).statusCode).toBe(401);
});

test('a login another site could send is refused (login CSRF): a form post, or a request marked cross-site', async () => {
  const form = await request(app, { method: 'POST', url: '/api/session', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'user=zhang.wei&password=gongkai-demo' });
  expect(form.statusCode).toBe(415);
  const crossSite = await request(app, {
    method: 'POST', url: '/api/session', headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' }, payload: JSON.stringify({ user: 'zhang.wei', password: 'gongkai-demo' }),
  });
  expect(crossSite.statusCode).toBe(403);
  for (const res of [form, crossSite]) expect(cookiesOf(res).some((c) => c.startsWith('gk_session=') && !c.startsWith('gk_session=;'))).toBe(false);
});

test('a POST with a missing or forged CSRF token is refused with 403 and logged', async () => {
  const { cookie, csrf } = await login(app, 'li.na');
  const before = (await refusals('POST /api/items/:id/actions')).length;
  const missing = await act(cookie, { action: 'claim' });
  expect(missing.statusCode).toBe(403);
  const forged = await act(cookie, { action: 'claim' }, `${csrf.slice(0, -2)}xx`);
  expect(forged.statusCode).toBe(403);
  // Another user's token is no better.
  const other = await login(app, 'wang.fang');
  expect((await act(cookie, { action: 'claim' }, other.csrf)).statusCode).toBe(403);
  expect(acted.filter((a) => a.action === 'claim')).toHaveLength(0);
  const logged = await refusals('POST /api/items/:id/actions');
  expect(logged.length - before).toBe(3);
  expect(logged.map((r) => r.detail)).toEqual(expect.arrayContaining(['missing CSRF token', 'forged CSRF token']));
  // With the right token the same request goes through.
  const ok = await act(cookie, { action: 'claim' }, csrf);
  expect(ok.statusCode).toBe(200);
  expect(acted.filter((a) => a.action === 'claim')).toHaveLength(1);
});

test.each([
  ['zhang.wei', 'approve', { comment: 'x' }],
  ['zhang.wei', 'claim', {}],
  ['zhou.min', 'revise', { title: 't', body: 'b' }],
  ['wang.fang', 'retract', { reason: 'r' }],
  ['wang.fang', 'withdraw', {}],
])('%s may not %s an item: 403, nothing sent, refusal in audit_log', async (user, action, fields) => {
  const { cookie, csrf } = await login(app, user);
  const sentBefore = acted.length;
  const res = await act(cookie, { action, ...fields }, csrf);
  expect(res.statusCode).toBe(403);
  expect(acted.length).toBe(sentBefore);
  const rows = await db.selectFrom('audit_log').selectAll().where('actor', '=', user).where('action', '=', `item.${action}`).where('outcome', '=', 'refused').execute();
  expect(rows.length).toBeGreaterThan(0);
  expect(rows[0].subject_id).toBe('item-xss');
});

test('a supervisor may not submit an item (403, logged)', async () => {
  const { cookie, csrf } = await login(app, 'zhou.min');
  const res = await post(app, '/api/items', cookie, { title: 't', category: '工作动态', column: 'c', section: 's', body: 'b', format: 'markdown', disclosure: '主动公开' }, csrf);
  expect(res.statusCode).toBe(403);
  expect((await refusals('item.submit')).some((r) => r.actor === 'zhou.min')).toBe(true);
});

test('HTML in a title or body leaves the API as data, never as a page: JSON, not sniffed as HTML', async () => {
  const { cookie } = await login(app, 'li.na');
  const res = await request(app, { method: 'GET', url: '/api/items/item-xss', headers: { cookie } });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(JSON.parse(res.body).state.item.title).toBe(XSS_TITLE);
  // The app's page allows only its own scripts: no inline script, none from elsewhere.
  const page = await request(app, { method: 'GET', url: '/items/item-xss', headers: { cookie } });
  expect(page.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
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
  expect((await login(app, 'wang.fang', 'gongkai-demo', '127.0.1.1')).res.statusCode).toBe(200);
  // Each further failure doubles the wait.
  clock = new Date(clock.getTime() + 1500);
  expect((await login(app, 'wang.fang', 'still-wrong', ip)).res.statusCode).toBe(401);
  expect((await login(app, 'wang.fang', 'gongkai-demo', ip)).res.statusCode).toBe(429);
  clock = new Date(clock.getTime() + 2500);
  expect((await login(app, 'wang.fang', 'gongkai-demo', ip)).res.statusCode).toBe(200);
  const failures = await db.selectFrom('audit_log').select('id').where('action', '=', 'login').where('outcome', '=', 'refused').where('actor', '=', 'wang.fang').execute();
  expect(failures.length).toBe(6);
});

test('password change needs the current password and ends the other sessions', async () => {
  const a = await login(app, 'sun.li');
  const b = await login(app, 'sun.li', 'gongkai-demo', '127.0.0.2');
  const wrong = await post(app, '/api/account/password', a.cookie, { current: 'nope', password: 'new-password-123', confirm: 'new-password-123' }, a.csrf);
  expect(wrong.statusCode).toBe(403);
  const ok = await post(app, '/api/account/password', a.cookie, { current: 'gongkai-demo', password: 'new-password-123', confirm: 'new-password-123' }, a.csrf);
  expect(ok.statusCode).toBe(200);
  expect((await me(app, b.cookie)).statusCode).toBe(401);
  expect((await me(app, a.cookie)).statusCode).toBe(200);
  expect((await login(app, 'sun.li', 'gongkai-demo', '127.0.0.3')).res.statusCode).toBe(401);
  expect((await login(app, 'sun.li', 'new-password-123', '127.0.0.3')).res.statusCode).toBe(200);
});
