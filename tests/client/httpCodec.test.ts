/**
 * The payload codec endpoint (issue 13 finding 12): the Temporal Web UI decrypts histories through it. Only the
 * disclosure office, an admin, or a key with the temporal:decode scope may read; every request is audited;
 * CORS answers only the configured Web UI.
 */
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { EncryptionCodec, newPayloadKey, parsePayloadKeys, CODEC_SCOPE } from '../../lib/payloadCodec';
import { createApiKey } from '../../register/applications';
import { grantApiScope } from '../../register/web';
import { harness, type Harness } from './consoleHarness';
import { request } from './httpClient';

const KEYS = newPayloadKey('k1');
const UI = 'http://127.0.0.1:8233';
const codec = new EncryptionCodec(parsePayloadKeys(KEYS));
const applicant = { name: '王小明', idNumber: '430602199001011234' };
let h: Harness;

beforeAll(async () => {
  h = await harness({}, { PAYLOAD_KEYS: KEYS, TEMPORAL_UI_URL: UI });
});
afterAll(() => h?.close());

const json = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});
const encrypted = async () => ({ payloads: (await codec.encode([defaultPayloadConverter.toPayload(applicant)])).map(json) });
const decode = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  request(h.app, { method: 'POST', url, headers: { 'content-type': 'application/json', origin: UI, 'x-namespace': 'default', ...headers }, payload: JSON.stringify(body) });
const audits = (action: string) => h.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

function plainOf(body: string): unknown {
  const [p] = (JSON.parse(body) as { payloads: Array<{ metadata: Record<string, string>; data: string }> }).payloads;
  return defaultPayloadConverter.fromPayload({
    metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(p.data, 'base64'),
  });
}

test('the disclosure office decodes through its session, from the Web UI (CORS with credentials), and it is audited', async () => {
  const { cookie } = await h.login('liu.yang');
  const before = (await audits('temporal.payloads.decode')).length;
  const res = await decode('/codec/decode', await encrypted(), { cookie });
  expect(res.statusCode).toBe(200);
  expect(plainOf(res.body)).toEqual(applicant);
  expect(res.headers['access-control-allow-origin']).toBe(UI);
  expect(res.headers['access-control-allow-credentials']).toBe('true');
  const rows = await audits('temporal.payloads.decode');
  expect(rows.length - before).toBe(1);
  expect(rows.at(-1)).toMatchObject({ actor: 'liu.yang', outcome: 'done', subject_id: 'default' });
});

test.each(['zhang.wei', 'zhou.min'])('%s (outside the disclosure office) is refused with 403, in Chinese, and audited', async (user) => {
  const { cookie } = await h.login(user);
  const res = await decode('/codec/decode', await encrypted(), { cookie });
  expect(res.statusCode).toBe(403);
  expect(JSON.parse(res.body).message).toMatch(/仅政务公开办公室/);
  expect(res.body).not.toContain(applicant.idNumber);
  expect((await audits('temporal.payloads.decode')).at(-1)).toMatchObject({ actor: user, outcome: 'refused' });
});

test('without a session or key nothing is decoded', async () => {
  const res = await decode('/codec/decode', await encrypted());
  expect(res.statusCode).toBe(403);
});

test('a key with the temporal:decode scope decodes through its own path; a key without it is refused', async () => {
  const at = new Date().toISOString();
  const good = await createApiKey(h.db, 'web-ui', at);
  await grantApiScope(h.db, 'web-ui', CODEC_SCOPE);
  const other = await createApiKey(h.db, 'portal', at);
  await grantApiScope(h.db, 'portal', 'applications:intake');
  const ok = await decode(`/codec/${good}/decode`, await encrypted());
  expect(ok.statusCode).toBe(200);
  expect(plainOf(ok.body)).toEqual(applicant);
  expect((await audits('temporal.payloads.decode')).at(-1)).toMatchObject({ actor: 'apikey:web-ui', outcome: 'done' });
  expect((await decode(`/codec/${other}/decode`, await encrypted())).statusCode).toBe(403);
});

test('another origin gets no CORS grant; the preflight answers the Web UI only', async () => {
  const { cookie } = await h.login('liu.yang');
  const res = await decode('/codec/decode', await encrypted(), { cookie, origin: 'https://evil.example' });
  expect(res.headers['access-control-allow-origin']).toBeUndefined();
  const pre = await request(h.app, { method: 'OPTIONS', url: '/codec/decode', headers: { origin: UI, 'access-control-request-method': 'POST' } });
  expect(pre.statusCode).toBe(204);
  expect(pre.headers['access-control-allow-origin']).toBe(UI);
});

test('a malformed body is a 400 naming the field; a payload under an unknown key is a 422 saying why', async () => {
  const { cookie } = await h.login('liu.yang');
  const bad = await decode('/codec/decode', { payloads: [{ data: '不是base64' }] }, { cookie });
  expect(bad.statusCode).toBe(400);
  expect(JSON.parse(bad.body)).toMatchObject({ field: 'payloads' });
  const foreign = new EncryptionCodec(parsePayloadKeys(newPayloadKey('zz')));
  const res = await decode('/codec/decode', { payloads: (await foreign.encode([defaultPayloadConverter.toPayload(1)])).map(json) }, { cookie });
  expect(res.statusCode).toBe(422);
  expect(JSON.parse(res.body).message).toMatch(/没有编号为 zz 的密钥/);
});
