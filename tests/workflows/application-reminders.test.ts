/**
 * A reminder goes out once for its day and due date, however often the case wakes that day (patched
 * 'reminders-once'): before it, every update on a reminder day sent the reminder again, because the check looked
 * for the key's end where the due date is written. Same timeline as `application.test.ts` (read its header):
 * 28 years later, every date counted by hand on 2026 and checked through `y28()`. December 2026 has no holiday.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { intakeSchema } from '../../domain/application';
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
let plain: Client;
let db: Register;
let stop: (() => Promise<void>) | undefined;
const smtp = new SmtpCapture();
const taskQueue = uniqueQueue('application-reminders');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-app-reminders-'));

beforeAll(async () => {
  ({ env, db, plain, stop } = await applicationBed({ smtp, taskQueue, dataDir }));
});
afterAll(() => stop?.());

test('an update on a reminder day does not send the reminder again', async () => {
  await advanceTo(env, y28('2026-12-01T02:00:00Z'));
  const applicant = { type: 'naturalPerson' as const, name: '申请人', idDocument: { number: '430602199001011001' }, email: 'applicant@test.local' };
  const intake = intakeSchema.parse({ channel: 'in-person', submittedOn: y28('2026-12-01'), applicant, content: '申请公开本局2026年度部门预算' });
  const { row } = await insertApplication(db, { intake, agencyCode: 'TEST', actor: 'liu.yang', now: new Date().toISOString() });
  const handle = await env.client.workflow.start(handleApplication, { taskQueue, workflowId: row.workflow_id, args: [{ id: row.id, registeredBy: 'liu.yang', reviewLetter: false }] });
  await waitForState(handle, (s) => s.clock !== null);
  await handle.executeUpdate(d.assignUpdate, { args: [{ actor: 'sun.li', handler: 'liu.yang' }] });
  // Due 2026-12-29: 5 working days left on 12-22, whose check runs at 09:00 (01:00Z).
  await advanceTo(env, y28('2026-12-22T02:00:00Z'));
  await waitForState(handle, (s) => s.remindersSent.some((k) => k.startsWith(`${y28('2026-12-22')}/due-5/`)));
  // Later that day the handler records the receipt's delivery: the case wakes, and its check runs again.
  await handle.executeUpdate(d.recordNoticeReceiptUpdate, { args: [{ actor: 'liu.yang', notice: 'receipt', deliveredOn: y28('2026-12-02'), deliveredBy: 'post' }] });
  await handle.executeUpdate(d.consultUpdate, { args: [{ actor: 'liu.yang', party: 'third-party', addressee: '某公司' }] });
  await handle.executeUpdate(d.consultationReplyUpdate, { args: [{ actor: 'liu.yang', party: 'third-party', reply: '同意公开' }] });
  const state = await handle.query(d.stateQuery);
  expect(state.remindersSent.filter((k) => k.startsWith(`${y28('2026-12-22')}/`))).toHaveLength(1);
  const reminders = await db.selectFrom('application_events').select('date').where('application_id', '=', row.id).where('type', '=', 'reminder').execute();
  expect(reminders.map((r) => r.date)).toEqual([y28('2026-12-22')]);

  await handle.executeUpdate(d.decideUpdate, { args: [{ actor: 'liu.yang', decision: { outcome: 'granted', legalBasis: '条例第三十六条第（二）项', provision: '以电子邮件方式提供' } }] });
  await waitForState(handle, (s) => s.stage === 'awaitingDelivery');
  await handle.executeUpdate(d.recordDeliveryUpdate, { args: [{ actor: 'liu.yang', method: 'email' }] });
  expect(await plain.workflow.getHandle<typeof handleApplication>(handle.workflowId).result()).toEqual({ outcome: 'granted', closedDate: y28('2026-12-22') });
  await keepHistory(handle, 'handleApplication.reminders-once');
});
