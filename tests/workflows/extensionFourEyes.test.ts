/**
 * Issue 13, finding 3: a handler who is also office head (sun.li in the demo organisation) approved her own
 * extension. 条例 第三十三条第二款 wants the office head's consent, which is another person's: refused, and a second
 * office head may approve. Same time-skipping set-up as application.test.ts (read its header): dates 28 years on.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { intakeSchema } from '../../domain/application';
import type { OrganisationFile } from '../../domain/org';
import { insertApplication } from '../../register/applications';
import type { Register } from '../../register/db';
import * as d from '../../workflows/application/definitions';
import { handleApplication } from '../../workflows/application/handleApplication';
import { applicationBed } from './application-bed';
import { keepHistory } from '../helpers/histories';
import { SmtpCapture } from '../../testing/smtp';
import { uniqueQueue } from '../../testing/temporal';
import { advanceTo, waitForState, y28 } from './application-timeline';

jest.setTimeout(180_000);

let env: TestWorkflowEnvironment;
let db: Register;
let stop: (() => Promise<void>) | undefined;
const smtp = new SmtpCapture();
const taskQueue = uniqueQueue('extension-four-eyes');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-four-eyes-'));

beforeAll(async () => {
  // A second head of the disclosure office, so that an approval by someone else than the requester exists.
  const qian = (org: OrganisationFile) => ({ ...org.users.find((u) => u.id === 'sun.li')!, id: 'qian.hua', name: '钱华', email: 'qian.hua@test.local', roles: ['officeHead' as const] });
  ({ env, db, stop } = await applicationBed({ smtp, taskQueue, dataDir, org: (org) => ({ ...org, users: [...org.users, qian(org)] }) }));
});
afterAll(() => stop?.());

test('the office head who asked for the extension as handler cannot approve it; another office head can', async () => {
  await advanceTo(env, y28('2026-12-01T02:00:00Z'));
  const applicant = { type: 'naturalPerson' as const, name: '申请人1', idDocument: { number: '430602199001011001' }, email: 'applicant1@test.local' };
  const intake = intakeSchema.parse({ channel: 'in-person', submittedOn: y28('2026-12-01'), applicant, content: '申请公开第1号事项的相关文件' });
  const { row } = await insertApplication(db, { intake, agencyCode: 'TEST', actor: 'sun.li', now: new Date().toISOString() });
  const handle = await env.client.workflow.start(handleApplication, { taskQueue, workflowId: row.workflow_id, args: [{ id: row.id, registeredBy: 'sun.li', reviewLetter: false }] });
  await waitForState(handle, (s) => s.clock !== null);
  await handle.executeUpdate(d.assignUpdate, { args: [{ actor: 'sun.li', handler: 'sun.li' }] });
  await handle.executeUpdate(d.requestExtensionUpdate, { args: [{ actor: 'sun.li', reason: '需要调取档案' }] });

  const before = await handle.query(d.stateQuery);
  const err = await handle.executeUpdate(d.decideExtensionUpdate, { args: [{ actor: 'sun.li', approve: true }] }).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause as { type?: string; message: string };
  expect(cause.type).toBe('Forbidden');
  expect(cause.message).toMatch(/^actor：sun\.li .*条例第三十三条第二款/);
  expect(await handle.query(d.stateQuery)).toEqual(before);

  const s = await handle.executeUpdate(d.decideExtensionUpdate, { args: [{ actor: 'qian.hua', approve: true }] });
  expect(s.extension).toMatchObject({ requestedBy: 'sun.li', decision: 'approved', decidedBy: 'qian.hua' });
  // 2026-12-01 + 20 WD → 2026-12-29; + 20 WD: Dec 30, 31, Jan 4-8, 11-15, 18-22, 25-27 → 2027-01-27.
  expect(s.clock!.due).toBe(y28('2027-01-27'));

  // To the end, so the path with the patch marker is kept as a replay fixture (RECORD_HISTORIES=1).
  const granted = { outcome: 'granted', legalBasis: '《中华人民共和国政府信息公开条例》第三十六条第（二）项', provision: '以电子邮件方式提供' };
  await handle.executeUpdate(d.decideUpdate, { args: [{ actor: 'sun.li', decision: granted }] });
  await waitForState(handle, (x) => x.stage === 'awaitingDelivery');
  await handle.executeUpdate(d.recordDeliveryUpdate, { args: [{ actor: 'sun.li', method: 'posted' }] });
  expect((await handle.result()).outcome).toBe('granted');
  await keepHistory(handle, 'handleApplication.extension-four-eyes');
});
