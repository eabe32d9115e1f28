/**
 * Issue 13 finding 1: GET /api/applications/:id shows the applicant's ID number, phone, address and email
 * unmasked only to the disclosure office, and every unmasked read is in the audit trail.
 */
import { harness, type Harness } from './consoleHarness';

let h: Harness;
const ID = 'TEST-2026-00001';
const applicant = { name: '王小明', idNumber: '430602199001011234', phone: '13812345678', address: '湖南省岳阳市岳阳楼区某街道 1 号', email: 'wang.xm@example.com' };

beforeAll(async () => {
  h = await harness({ applicationState: async () => null } as never);
  const at = '2026-03-02T02:00:00.000Z';
  await h.db.insertInto('applications').values({
    id: ID, year: 2026, sequence: 1, workflow_id: `application-${ID}`, channel: 'in-person', submitted_on: '2026-03-02', received_date: '2026-03-02',
    applicant_column: 'naturalPerson', applicant_name: applicant.name, applicant_id_kind: '居民身份证', applicant_id_number: applicant.idNumber,
    applicant_phone: applicant.phone, applicant_address: applicant.address, applicant_email: applicant.email, content: '申请公开某文件',
    intake: JSON.stringify({ channel: 'in-person', applicant: { type: 'naturalPerson', name: applicant.name, idDocument: { kind: '居民身份证', number: applicant.idNumber }, phone: applicant.phone, address: applicant.address, email: applicant.email }, content: '申请公开某文件' }),
    external_ref: null, possible_duplicates: '[]', status: 'open', stage: 'handling', handler: 'liu.yang', due_date: '2026-03-30',
    calendar_version: 'seed', outcome: null, decision: null, closed_date: null, created_at: at, created_by: 't',
  }).execute();
});
afterAll(() => h?.close());

const unmaskedReads = () => h.db.selectFrom('audit_log').selectAll().where('action', '=', 'application.read.unmasked').execute();
const secrets = [applicant.idNumber, applicant.phone, applicant.address, applicant.email];

test.each(['zhou.min', 'admin'])('%s (supervisor / admin) gets the application with personal data masked, and no audit of an unmasked read', async (user) => {
  const { cookie } = await h.login(user);
  const before = (await unmaskedReads()).length;
  const res = await h.get(`/api/applications/${ID}`, cookie);
  expect(res.statusCode).toBe(200);
  for (const s of secrets) expect(res.body).not.toContain(s);
  const { application } = JSON.parse(res.body);
  expect(application).toMatchObject({ id: ID, applicant_name: '王小明', applicant_id_number: '4306************34', applicant_phone: '138****5678', applicant_email: 'w***@example.com' });
  expect(JSON.parse(application.intake).applicant).toMatchObject({ name: '王小明', idDocument: { number: '4306************34' }, phone: '138****5678' });
  expect((await unmaskedReads()).length).toBe(before);
});

test.each(['liu.yang', 'sun.li'])('the disclosure office (%s) sees it unmasked; each such read is audited', async (user) => {
  const { cookie } = await h.login(user);
  const before = (await unmaskedReads()).length;
  for (let i = 0; i < 2; i++) {
    const res = await h.get(`/api/applications/${ID}`, cookie);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).application).toMatchObject({ applicant_id_number: applicant.idNumber, applicant_phone: applicant.phone });
  }
  const reads = await unmaskedReads();
  expect(reads.length - before).toBe(2);
  expect(reads.at(-1)).toMatchObject({ actor: user, subject_kind: 'application', subject_id: ID, action: 'application.read.unmasked', outcome: 'done' });
});
