import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createApiClient } from '../../client/api/client';
import { organisationFile } from '../../domain/org';
import { importOrganisation } from '../../register/org';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { shanghaiDate } from '../../domain/calendar';
import { createApiKey, getApplication } from '../../register/applications';
import { grantApiScope } from '../../register/web';
import type { Register } from '../../register/db';
import { buildServer } from '../../client/http/server';
import type { Services } from '../../client/context';
import * as d from '../../workflows/application/definitions';
import { testActivities, testConfig } from '../../testing/deps';
import { freshRegister } from '../../testing/register';
import { SmtpCapture } from '../../testing/smtp';
import { testWorker, timeSkippingEnv, uniqueQueue } from '../../testing/temporal';

jest.setTimeout(120_000);

let env: TestWorkflowEnvironment;
let db: Register;
let app: FastifyInstance;
let worker: Worker;
let running: Promise<void>;
let key: string;
let readOnlyKey: string;
const smtp = new SmtpCapture();
const taskQueue = uniqueQueue('app-route');

beforeAll(async () => {
  [env, db] = await Promise.all([timeSkippingEnv(), freshRegister(), smtp.start()]);
  worker = await testWorker(env, taskQueue, testActivities(db, smtp));
  running = worker.run();
  const services: Services = { config: testConfig({ TEMPORAL_TASK_QUEUE: taskQueue, SMTP_URL: smtp.url }), db, temporal: env.client, close: async () => {} };
  app = await buildServer(services);
  key = await createApiKey(db, 'portal', new Date().toISOString());
  await grantApiScope(db, 'portal', 'applications:intake');
  await importOrganisation(db, organisationFile.parse(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../demo/organisation.json'), 'utf8'))));
  readOnlyKey = await createApiKey(db, 'portal-read', new Date().toISOString());
  await grantApiScope(db, 'portal-read', 'applications:read');
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address() as { port: number };
  base = `http://127.0.0.1:${addr.port}`;
});

// light-my-request (inject) loads an ES module jest 30 cannot require here: a real socket instead.
let base = '';
async function post(payload: unknown, authorization?: string) {
  const res = await fetch(`${base}/api/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(payload),
  });
  const text = await res.text();
  return { statusCode: res.status, json: () => JSON.parse(text) };
}
afterAll(async () => {
  await app?.close();
  worker?.shutdown();
  await running?.catch(() => undefined);
  await Promise.all([env?.teardown(), db?.destroy(), smtp.stop()]);
});

const body = (today: string, ref: string) => ({
  channel: 'online',
  submittedOn: today,
  confirmedOn: today,
  applicant: { type: 'naturalPerson', name: '网上申请人', idDocument: { number: '430602199001019999' }, email: 'online@test.local' },
  content: '请公开本局2026年度部门预算',
  delivery: 'email',
  externalRef: ref,
});

test('POST /api/applications: 401 without a valid key, 400 naming the rule, 201 then 200 for the same portal reference', async () => {
  const today = shanghaiDate(await env.currentTimeMs());
  const year = today.slice(0, 4);
  const anon = await post(body(today, 'p-1'));
  expect(anon.statusCode).toBe(401);
  const wrong = await post(body(today, 'p-1'), 'Bearer gk_nope');
  expect(wrong.statusCode).toBe(401);
  // A key works only for its scope: a read-only key cannot register, and the refusal is logged.
  const readOnly = await post(body(today, 'p-1'), `Bearer ${readOnlyKey}`);
  expect(readOnly.statusCode).toBe(403);
  expect(await db.selectFrom('audit_log').select(['actor', 'outcome']).where('actor', '=', 'apikey:portal-read').execute()).toEqual([{ actor: 'apikey:portal-read', outcome: 'refused' }]);
  const { confirmedOn: _omit, ...unconfirmed } = body(today, 'p-0');
  const bad = await post(unconfirmed, `Bearer ${key}`);
  expect(bad.statusCode).toBe(400);
  expect(bad.json().message).toContain('条例第三十一条');
  expect(await db.selectFrom('applications').select('id').execute()).toEqual([]);

  const ok = await post(body(today, 'p-1'), `Bearer ${key}`);
  expect(ok.statusCode).toBe(201);
  expect(ok.json()).toEqual({ id: `TEST-${year}-0001`, received: today, created: true });
  const again = await post(body(today, 'p-1'), `Bearer ${key}`);
  expect(again.statusCode).toBe(200);
  expect(again.json().id).toBe(`TEST-${year}-0001`);
  const second = await post({ ...body(today, 'p-2'), content: '请公开本局2026年度部门预算表' }, `Bearer ${key}`);
  expect(second.json().id).toBe(`TEST-${year}-0002`);
  // Same applicant, near-identical request: flagged as a possible duplicate, not refused.
  expect(JSON.parse((await getApplication(db, `TEST-${year}-0002`))!.possible_duplicates)).toEqual([`TEST-${year}-0001`]);

  const handle = env.client.workflow.getHandle(`application-TEST-${year}-0001`);
  let state: d.ApplicationState | undefined;
  for (let i = 0; i < 100 && !state?.clock; i++) {
    state = await handle.query(d.stateQuery);
    if (!state.clock) await new Promise((r) => setTimeout(r, 100));
  }
  expect(state!.events[0]).toEqual({ type: 'received', date: today, channel: 'online' });
  // One receipt per application (none for the repeated portal reference), in whatever order the workflows send them.
  await smtp.waitFor(2);
  const receipts = smtp.messages.filter((m) => m.envelopeTo.includes('online@test.local')).map((m) => m.parsed.subject).sort();
  expect(receipts).toEqual([`政府信息公开申请回执（TEST-${year}-0001）`, `政府信息公开申请回执（TEST-${year}-0002）`]);
  const logged = await db.selectFrom('audit_log').select(['actor', 'action']).where('subject_id', '=', `TEST-${year}-0001`).execute();
  expect(logged).toContainEqual({ actor: 'api:portal', action: 'received' });
});

test('staff register an application with a session (typed client): handler or office head only, actor in the register', async () => {
  const today = shanghaiDate(await env.currentTimeMs());
  const session = async (user: string) => {
    const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, password: 'gongkai-demo' }) });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('gk_session='))!.split(';')[0];
    const api = createApiClient(base, undefined, { headers: { cookie } });
    api.setCsrf((await api.GET('/api/me')).data!.csrf);
    return api;
  };
  const counter = {
    channel: 'in-person' as const, submittedOn: today, content: '当面提交的申请', delivery: 'collect' as const,
    applicant: { type: 'naturalPerson' as const, name: '来访申请人', idDocument: { number: '430602199001018888' } },
  };
  const author = await session('zhang.wei');
  expect((await author.POST('/api/applications', { body: counter })).response.status).toBe(403);
  const handler = await session('liu.yang');
  const res = await handler.POST('/api/applications', { body: counter });
  expect(res.response.status).toBe(201);
  expect((await getApplication(db, res.data!.id))?.created_by).toBe('liu.yang');
  const bad = await handler.POST('/api/applications', { body: { ...counter, channel: 'fax' } });
  expect(bad.response.status).toBe(400);
  expect(bad.error).toMatchObject({ field: 'confirmedOn' });
});
