/**
 * Issue 13 finding 1, the CLI's `application show --as USER` (showApplication): masked outside the disclosure
 * office; unmasked to it, and then each read is in the audit trail like the API's and the console's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Services } from '../../client/context';
import { showApplication } from '../../client/services/applications';
import { organisationFile } from '../../domain/org';
import type { Register } from '../../register/db';
import { importOrganisation } from '../../register/org';
import { freshRegister } from '../../testing/register';
import { testConfig } from '../../testing/deps';

let db: Register;
let services: Services;
const ID = 'TEST-2026-00001';

beforeAll(async () => {
  db = await freshRegister();
  await importOrganisation(db, organisationFile.parse(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../demo/organisation.json'), 'utf8'))));
  const at = '2026-03-02T02:00:00.000Z';
  await db.insertInto('applications').values({
    id: ID, year: 2026, sequence: 1, workflow_id: `application-${ID}`, channel: 'in-person', submitted_on: '2026-03-02', received_date: '2026-03-02',
    applicant_column: 'naturalPerson', applicant_name: '王小明', applicant_id_kind: '居民身份证', applicant_id_number: '430602199001011234',
    applicant_phone: '13812345678', applicant_address: '湖南省岳阳市岳阳楼区某街道 1 号', applicant_email: 'wang.xm@example.com', content: '申请公开某文件',
    intake: '{}', external_ref: null, possible_duplicates: '[]', status: 'open', stage: 'handling', handler: 'liu.yang', due_date: '2026-03-30',
    calendar_version: 'seed', outcome: null, decision: null, closed_date: null, created_at: at, created_by: 't',
  }).execute();
  // The case's workflow is gone (past retention): showApplication answers from the register alone.
  const gone = () => new WorkflowNotFoundError('gone', `application-${ID}`, undefined);
  services = { config: testConfig(), db, temporal: { workflow: { getHandle: () => ({ query: async () => { throw gone(); } }) } } as unknown as Client, close: async () => {} };
});
afterAll(() => db?.destroy());

const unmaskedReads = () => db.selectFrom('audit_log').selectAll().where('action', '=', 'application.read.unmasked').execute();

test('a supervisor sees the applicant masked and leaves no unmasked-read row', async () => {
  const r = await showApplication(services, ID, 'zhou.min');
  expect(r!.applicant).toEqual({ name: '王小明', idNumber: '4306************34', phone: '138****5678', address: '湖南省岳阳市****', email: 'w***@example.com' });
  expect(await unmaskedReads()).toEqual([]);
});

test('the disclosure office sees it unmasked, and the read is audited', async () => {
  const r = await showApplication(services, ID, 'liu.yang');
  expect(r!.applicant.idNumber).toBe('430602199001011234');
  expect(await unmaskedReads()).toEqual([expect.objectContaining({ actor: 'liu.yang', subject_kind: 'application', subject_id: ID, outcome: 'done' })]);
});
