/**
 * Issue 15 part 3: the console's application page lists the case's documents (the reply letter and each notice)
 * under their Chinese names, the way staff and applicants call them.
 */
import { recordDocument } from '../../register/applications';
import { harness, type Harness } from './consoleHarness';

let h: Harness;
const ID = 'TEST-2026-00001';

beforeAll(async () => {
  h = await harness({ applicationState: async () => null } as never);
  const at = '2026-03-02T02:00:00.000Z';
  await h.db.insertInto('applications').values({
    id: ID, year: 2026, sequence: 1, workflow_id: `application-${ID}`, channel: 'in-person', submitted_on: '2026-03-02', received_date: '2026-03-02',
    applicant_column: 'naturalPerson', applicant_name: '王小明', applicant_id_kind: '居民身份证', applicant_id_number: '430602199001011234',
    applicant_phone: null, applicant_address: '湖南省岳阳市岳阳楼区某街道 1 号', applicant_email: null, content: '申请公开某文件',
    intake: JSON.stringify({ channel: 'in-person', applicant: { type: 'naturalPerson', name: '王小明', idDocument: { kind: '居民身份证', number: '430602199001011234' } }, content: '申请公开某文件' }),
    external_ref: null, possible_duplicates: '[]', status: 'open', stage: 'handling', handler: 'liu.yang', due_date: '2026-03-30',
    calendar_version: 'seed', outcome: null, decision: null, closed_date: null, created_at: at, created_by: 't',
  }).execute();
  for (const [key, kind] of [['notice-receipt', 'notice-receipt'], ['notice-correction', 'notice-correction'], ['notice-consultation-1', 'notice-consultation-third-party'], ['reply-v1', 'reply']]) {
    await recordDocument(h.db, { id: `${ID}/${key}`, application_id: ID, kind, path: `/data/letters/${ID}/${key}.docx`, sha256: 'a'.repeat(64), created_at: at });
  }
});
afterAll(() => h?.close());

test('the documents table names each document in Chinese, with its file', async () => {
  const { cookie } = await h.login('liu.yang');
  const res = await h.get(`/applications/${ID}`, cookie);
  expect(res.statusCode).toBe(200);
  const rows = [...res.body.matchAll(/<tr><td>([^<]+)<\/td><td>([^<]+)<\/td>/g)].map((m) => [m[1], m[2]]);
  expect(rows).toEqual(
    expect.arrayContaining([
      ['登记回执', `/data/letters/${ID}/notice-receipt.docx`],
      ['补正申请告知书', `/data/letters/${ID}/notice-correction.docx`],
      ['第三方意见征询函', `/data/letters/${ID}/notice-consultation-1.docx`],
      ['答复书', `/data/letters/${ID}/reply-v1.docx`],
    ]),
  );
  expect(res.body).not.toContain('<td>notice-');
});
