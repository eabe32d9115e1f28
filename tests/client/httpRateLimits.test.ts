import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../client/http/server';
import type { Services } from '../../client/context';
import { organisationFile } from '../../domain/org';
import { createApiKey } from '../../register/applications';
import type { Register } from '../../register/db';
import { importOrganisation } from '../../register/org';
import { grantApiScope } from '../../register/web';
import { freshRegister } from '../../testing/register';
import { testConfig } from '../../testing/deps';
import { login, request } from './httpClient';

/**
 * Finding 6: the current-password check and the portal intake had no limit, and a portal's externalRef was one
 * namespace for every key, and a reused reference with another body silently answered the first application.
 * Temporal is a stub here: only the web layer and the register are under test.
 */
let db: Register;
let app: FastifyInstance;
let clock = new Date('2026-03-02T02:00:00Z');
const started: string[] = [];
const temporal = { workflow: { start: async (_t: string, o: { workflowId: string }) => void started.push(o.workflowId) } } as unknown as Client;
const keys: Record<string, string> = {};

beforeAll(async () => {
  db = await freshRegister();
  const demo = organisationFile.parse(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../demo/organisation.json'), 'utf8')));
  await importOrganisation(db, demo);
  for (const name of ['portal', 'portal-b', 'portal-flood']) {
    keys[name] = await createApiKey(db, name, clock.toISOString());
    await grantApiScope(db, name, 'applications:intake');
  }
  const services: Services = { config: testConfig(), db, temporal, close: async () => {} };
  app = await buildServer(services, { now: () => clock });
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

const changePassword = (s: { cookie: string; csrf: string }, current: string, password = 'a-new-password-1') =>
  request(app, {
    method: 'POST', url: '/api/account/password', headers: { cookie: s.cookie, 'content-type': 'application/json', 'x-csrf-token': s.csrf },
    payload: JSON.stringify({ current, password, confirm: password }),
  });

test('the current-password check is slowed after repeated failures, even with the right password, and the wait is logged', async () => {
  const s = await login(app, 'li.na');
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push((await changePassword(s, `wrong-${i}`)).statusCode);
  expect(statuses).toEqual([403, 403, 403, 403, 403]);
  const slowed = await changePassword(s, 'gongkai-demo');
  expect(slowed.statusCode).toBe(429);
  expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(0);
  expect(slowed.body).toContain('当前密码：错误次数过多');
  const refused = await db.selectFrom('audit_log').select('detail').where('action', '=', 'password.change').where('actor', '=', 'li.na').where('outcome', '=', 'refused').execute();
  expect(refused.map((r) => r.detail)).toContainEqual(expect.stringMatching(/错误次数过多，需等待/));
  // The wait passes (the injected clock, not the wall clock) and the right password works again.
  clock = new Date(clock.getTime() + 2000);
  expect((await changePassword(s, 'gongkai-demo')).statusCode).toBe(200);
});

const intake = (ref: string, content = '请公开本局2026年度部门预算') => ({
  channel: 'online', submittedOn: '2026-03-02', confirmedOn: '2026-03-02',
  applicant: { type: 'naturalPerson', name: '网上申请人', idDocument: { number: '430602199001019999' }, email: 'online@test.local' },
  content, delivery: 'email', externalRef: ref,
});
const submit = (key: string, body: unknown) =>
  request(app, { method: 'POST', url: '/api/applications', headers: { authorization: `Bearer ${keys[key]}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });

test('externalRef is unique per API key: the same body again answers the first result; another body answers 409', async () => {
  const first = await submit('portal', intake('ref-1'));
  expect(first.statusCode).toBe(201);
  const id = JSON.parse(first.body).id as string;
  const again = await submit('portal', intake('ref-1'));
  expect(again.statusCode).toBe(200);
  expect(JSON.parse(again.body)).toEqual({ id, received: '2026-03-02', created: false });

  const changed = await submit('portal', intake('ref-1', '请公开另一份文件'));
  expect(changed.statusCode).toBe(409);
  expect(JSON.parse(changed.body).message).toMatch(/^externalRef：.*不同/);

  // Another portal's reference of the same text is its own: a new application, never the first portal's.
  const other = await submit('portal-b', intake('ref-1'));
  expect(other.statusCode).toBe(201);
  expect(JSON.parse(other.body).id).not.toBe(id);
  expect(await db.selectFrom('applications').select('id').execute()).toHaveLength(2);
});

test('portal intake is limited per key per minute; other keys are not held back; the next minute is open again', async () => {
  const statuses: number[] = [];
  // Bad bodies count too: the limit is on the key, before anything is read.
  for (let i = 0; i < 31; i++) statuses.push((await submit('portal-flood', { nonsense: i })).statusCode);
  expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
  expect(statuses[30]).toBe(429);
  const limited = await submit('portal-flood', intake('flood-1'));
  expect(limited.statusCode).toBe(429);
  expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  expect(JSON.parse(limited.body).message).toContain('每分钟');
  expect((await submit('portal-b', intake('ref-2'))).statusCode).toBe(201);
  clock = new Date(clock.getTime() + 61_000);
  expect((await submit('portal-flood', intake('flood-1'))).statusCode).toBe(201);
});
