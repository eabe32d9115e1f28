import * as fs from 'node:fs';
import * as path from 'node:path';
import { createApiClient, type ApiClient } from '../../client/api/client';
import type { Backend } from '../../client/http/backend';
import { recordDocument } from '../../register/applications';
import { testConfig } from '../../testing/deps';
import { harness, type Harness } from './consoleHarness';
import { listen } from './httpClient';

/** Applications through the typed client: the list with names, each action as its workflow update, documents, appeals. */
const ID = 'TEST-2026-0001';
const CLOSED = 'TEST-2026-0002';
const sent: Array<{ id: string; update: string; args: Record<string, unknown> }> = [];
const state = { id: ID, stage: 'handling', handler: 'liu.yang', clock: null, correction: null, extension: null, outcome: null, closedDate: null, steps: [], events: [] };
let h: Harness;
let base: string;
const dataDir = testConfig().DATA_DIR;

beforeAll(async () => {
  h = await harness({
    applicationState: async () => state,
    applicationAct: async (id: string, update: { name: string }, args: Record<string, unknown>) => (sent.push({ id, update: update.name, args }), state),
  } as unknown as Partial<Backend>);
  base = await listen(h.app);
  const at = '2026-03-02T02:00:00.000Z';
  const row = (id: string, status: string) => ({
    id, year: 2026, sequence: Number(id.slice(-1)), workflow_id: `application-${id}`, channel: 'in-person', submitted_on: '2026-03-02', received_date: '2026-03-02',
    applicant_column: 'naturalPerson', applicant_name: '王小明', applicant_id_kind: '居民身份证', applicant_id_number: '430602199001011234',
    applicant_phone: '13800000000', applicant_address: null, applicant_email: null, content: '申请公开某文件', intake: '{}', external_ref: null, possible_duplicates: '[]',
    status, stage: status === 'open' ? 'handling' : 'closed', handler: 'liu.yang', due_date: '2026-03-30', calendar_version: 'seed', outcome: null, decision: null,
    closed_date: status === 'open' ? null : '2026-02-20', created_at: at, created_by: 't',
  });
  await h.db.insertInto('applications').values([row(ID, 'open'), row(CLOSED, 'closed')]).execute();
  const file = path.join(dataDir, 'letters', ID, 'reply-v1.docx');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, 'PK-docx');
  await recordDocument(h.db, { id: `${ID}/reply-v1`, application_id: ID, kind: 'reply', path: file, sha256: 'a'.repeat(64), created_at: at });
  await recordDocument(h.db, { id: `${ID}/outside`, application_id: ID, kind: 'reply', path: '/etc/passwd', sha256: 'a'.repeat(64), created_at: at });
});
afterAll(async () => {
  fs.rmSync(path.join(dataDir, 'letters', ID), { recursive: true, force: true });
  await h?.close();
});

async function as(user: string): Promise<ApiClient> {
  const { cookie } = await h.login(user);
  const api = createApiClient(base, undefined, { headers: { cookie } });
  api.setCsrf((await api.GET('/api/me')).data!.csrf);
  return api;
}

test('the list names the handler; the case is masked outside the disclosure office', async () => {
  const api = await as('zhou.min');
  const list = await api.GET('/api/applications', { params: { query: { status: 'open' } } });
  expect(list.data?.rows).toEqual([expect.objectContaining({ id: ID, handler: 'liu.yang', handlerName: expect.any(String) })]);
  const one = await api.GET('/api/applications/{id}', { params: { path: { id: ID } } });
  expect(one.data?.application.applicant_id_number).not.toBe('430602199001011234');
  expect(one.data?.state?.stage).toBe('handling');
});

test('each action sends its update with the session user as actor; bad bodies are 400 and send nothing', async () => {
  const api = await as('liu.yang');
  const p = { params: { path: { id: ID } } };
  expect((await api.POST('/api/applications/{id}/correction', { ...p, body: { items: ['身份证明复印件'] } })).response.status).toBe(200);
  expect((await api.POST('/api/applications/{id}/consult', { ...p, body: { party: 'third-party', addressee: '某公司' } })).response.status).toBe(200);
  expect((await api.POST('/api/applications/{id}/feeNotice', { ...p, body: { method: 'perPage', pages: 120 } })).response.status).toBe(200);
  expect((await api.POST('/api/applications/{id}/agencyDeadline', { ...p, body: { due: '2026-04-30', reason: '申请数量较大' } })).response.status).toBe(200);
  expect((await api.POST('/api/applications/{id}/decide', { ...p, body: { outcome: 'withheld.stateSecret', legalBasis: '条例第十四条', reasons: '属于国家秘密' } })).response.status).toBe(200);
  expect(sent.map((s) => s.update)).toEqual(['requestCorrection', 'consult', 'issueFeeNotice', 'setAgencyDeadline', 'decide']);
  expect(sent.every((s) => s.args.actor === 'liu.yang' && s.id === ID)).toBe(true);
  expect(sent[4].args.decision).toMatchObject({ outcome: 'withheld.stateSecret', withheld: [] });
  const bad = await api.POST('/api/applications/{id}/decide', { ...p, body: { outcome: 'granted', legalBasis: '条例第三十六条第（二）项' } });
  expect(bad.response.status).toBe(400);
  expect(bad.error?.field).toBe('provision');
  expect((await api.POST('/api/applications/{id}/feeNotice', { ...p, body: { method: 'perPage' } as never })).response.status).toBe(400);
  expect(sent).toHaveLength(5);
  expect((await api.POST('/api/applications/{id}/claim', { params: { path: { id: 'TEST-2026-9999' } }, body: {} })).response.status).toBe(404);
});

test('the outcomes list says what each of the 21 needs', async () => {
  const api = await as('liu.yang');
  const o = await api.GET('/api/outcomes');
  expect(o.data?.outcomes).toHaveLength(21);
  expect(o.data?.outcomes.find((x) => x.key === 'granted')?.needs).toEqual(['provision']);
  expect(o.data?.outcomes.find((x) => x.key === 'partiallyGranted')?.needs).toEqual(['reasons', 'withheld']);
});

test('documents: listed with Chinese names; downloaded as DOCX; a recorded path outside the data directory is never served', async () => {
  const api = await as('liu.yang');
  const docs = await api.GET('/api/applications/{id}/documents', { params: { path: { id: ID } } });
  expect(docs.data?.documents.map((d) => [d.name, d.kindName])).toEqual(expect.arrayContaining([['reply-v1', '答复书']]));
  const { cookie } = await h.login('liu.yang');
  const file = await fetch(`${base}/api/applications/${ID}/documents/reply-v1`, { headers: { cookie } });
  expect(file.status).toBe(200);
  expect(file.headers.get('content-type')).toMatch(/wordprocessingml/);
  expect(await file.text()).toBe('PK-docx');
  expect((await fetch(`${base}/api/applications/${ID}/documents/outside`, { headers: { cookie } })).status).toBe(404);
});

test('appeals: recorded by the disclosure office against a closed case, with their result', async () => {
  const api = await as('liu.yang');
  const p = { params: { path: { id: CLOSED } } };
  const early = await api.POST('/api/applications/{id}/appeals', { ...p, body: { kind: 'reconsideration', filedDate: '2026-02-10' } });
  expect(early.response.status).toBe(422);
  expect(early.error?.message).toContain('filedDate');
  const filed = await api.POST('/api/applications/{id}/appeals', { ...p, body: { kind: 'reconsideration', filedDate: '2026-02-25' } });
  expect(filed.response.status).toBe(201);
  const result = await api.POST('/api/appeals/{id}/result', { params: { path: { id: filed.data!.id } }, body: { date: '2026-03-01', result: 'upheld' } });
  expect(result.response.status).toBe(200);
  const list = await api.GET('/api/applications/{id}/appeals', p);
  expect(list.data?.appeals).toEqual([expect.objectContaining({ kind: 'reconsideration', filedDate: '2026-02-25', result: 'upheld', concludedDate: '2026-03-01' })]);
  const outsider = await as('zhou.min');
  expect((await outsider.POST('/api/applications/{id}/appeals', { ...p, body: { kind: 'litigationDirect', filedDate: '2026-02-26' } })).response.status).toBe(403);
});
