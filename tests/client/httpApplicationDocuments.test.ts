/**
 * Issue 15 part 3: the case's documents (the reply letter and each notice), as the console's application page lists
 * them: under their Chinese names, the way staff and applicants call them, never by their codes.
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

test('each document is named in Chinese, with the name its download goes by', async () => {
  const { cookie } = await h.login('liu.yang');
  const res = await h.get(`/api/applications/${ID}/documents`, cookie);
  expect(res.statusCode).toBe(200);
  const rows = (JSON.parse(res.body) as { documents: Array<{ name: string; kindName: string }> }).documents.map((d) => [d.kindName, d.name]);
  expect(rows).toEqual(
    expect.arrayContaining([
      ['登记回执', 'notice-receipt'],
      ['补正申请告知书', 'notice-correction'],
      ['第三方意见征询函', 'notice-consultation-1'],
      ['答复书', 'reply-v1'],
    ]),
  );
  expect(rows.every(([kindName]) => /^[\u4e00-\u9fff]+$/.test(kindName))).toBe(true);
});
