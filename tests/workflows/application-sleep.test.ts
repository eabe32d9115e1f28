/**
 * Issue 16: an open application sleeps until its next statutory instant instead of waking every day. Read the
 * history of a case: on the days with nothing due it has no event at all (no timer, no workflow task), and the
 * 补正 notice deadline, the reminders and the escalation still come on their days. Same timeline as
 * `application.test.ts` (read its header): 28 years later, every date counted by hand on 2026/2027 and checked
 * through `y28()`. December 2026 has no holiday; 元旦 2027-01-01 (Fri) is off.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { addDays, shanghaiDate } from '../../domain/calendar';
import type { Register } from '../../register/db';
import * as d from '../../workflows/application/definitions';
import { handleApplication } from '../../workflows/application/handleApplication';
import { applicationBed, startCase } from './application-bed';
import { keepHistory } from '../helpers/histories';
import { SmtpCapture } from '../../testing/smtp';
import { uniqueQueue } from '../../testing/temporal';
import { advanceTo, waitForState, y28 } from './application-timeline';

jest.setTimeout(180_000);

let env: TestWorkflowEnvironment;
/** A client whose `result()` does not unlock time skipping: server time moves only by `advanceTo`. */
let plain: Client;
let db: Register;
let stop: (() => Promise<void>) | undefined;
const smtp = new SmtpCapture();
const taskQueue = uniqueQueue('application-sleep');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-app-sleep-'));
const TASK_SCHEDULED = temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED;

beforeAll(async () => {
  ({ env, db, plain, stop } = await applicationBed({ smtp, taskQueue, dataDir }));
});
afterAll(() => stop?.());

const start = (n: number, submittedOn: string, email = true) => startCase({ env, db, taskQueue }, n, submittedOn, email);

type Handle = Awaited<ReturnType<typeof start>>['handle'];

/** The Beijing days on which the workflow's history has any event, and those with a workflow task. */
async function activeDays(handle: Handle) {
  const events = (await handle.fetchHistory()).events ?? [];
  const day = (e: (typeof events)[number]) => shanghaiDate(tsToMs(e.eventTime));
  return { any: [...new Set(events.map(day))], tasks: [...new Set(events.filter((e) => e.eventType === TASK_SCHEDULED).map(day))] };
}

const days = (from: string, to: string) => {
  const out: string[] = [];
  for (let x = from; x <= to; x = addDays(x, 1)) out.push(x);
  return out;
};

test('a case wakes only on the days something is due: 补正 notice deadline, reminders, escalation; nothing in between', async () => {
  await advanceTo(env, y28('2026-12-01T02:00:00Z'));
  const { id, handle } = await start(1, y28('2026-12-01'));
  // 2026-12-01 (Tue) + 20 WD → due 2026-12-29; + 7 WD → 补正 notice due 2026-12-10.
  expect((await handle.query(d.stateQuery)).clock!.due).toBe(y28('2026-12-29'));
  await advanceTo(env, y28('2027-01-05T02:00:00Z'));
  await waitForState(handle, (s) => s.remindersSent.some((k) => k.startsWith(`${y28('2027-01-05')}/`)));

  // Due 12-29: 5 WD left on 12-22, 2 on 12-25, the due day 12-29; overdue on each working day after it:
  // 12-30, 12-31, (元旦 01-01 and the weekend off), 01-04, 01-05.
  const actionDays = ['2026-12-01', '2026-12-10', '2026-12-22', '2026-12-25', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-04', '2027-01-05'].map(y28);
  const active = await activeDays(handle);
  expect(active.tasks).toEqual(actionDays);
  expect(active.any).toEqual(actionDays);
  // For example: nothing at all from 12-02 to 12-09, nor on 元旦 and the weekend after it.
  for (const quiet of [...days(y28('2026-12-02'), y28('2026-12-09')), ...days(y28('2027-01-01'), y28('2027-01-03'))]) expect(active.any).not.toContain(quiet);

  const logged = await db.selectFrom('application_events').select(['type', 'date']).where('application_id', '=', id).where('type', 'in', ['correctionNoticeReminder', 'reminder', 'escalation']).orderBy('date').execute();
  expect(logged.map((e) => `${e.date} ${e.type}`)).toEqual(
    [
      ['2026-12-10', 'correctionNoticeReminder'],
      ['2026-12-22', 'reminder'],
      ['2026-12-25', 'reminder'],
      ['2026-12-29', 'reminder'],
      ['2026-12-30', 'escalation'],
      ['2026-12-31', 'escalation'],
      ['2027-01-04', 'escalation'],
      ['2027-01-05', 'escalation'],
    ].map(([date, type]) => `${y28(date)} ${type}`),
  );

  await handle.executeUpdate(d.decideUpdate, { args: [{ actor: 'liu.yang', decision: { outcome: 'granted', legalBasis: '条例第三十六条第（二）项', provision: '以电子邮件方式提供' } }] });
  await waitForState(handle, (s) => s.stage === 'awaitingDelivery');
  await handle.executeUpdate(d.recordDeliveryUpdate, { args: [{ actor: 'liu.yang', method: 'email', date: y28('2027-01-05') }] });
  expect(await plain.workflow.getHandle<typeof handleApplication>(handle.workflowId).result()).toEqual({ outcome: 'granted', closedDate: y28('2027-01-05') });
  await keepHistory(handle, 'handleApplication.sleep-to-next-instant');
});

test('a 补正 period lapses on its day with no daily wake before it: 视为放弃 the working day after the period', async () => {
  const { id, handle } = await start(2, y28('2027-01-05'));
  await handle.executeUpdate(d.requestCorrectionUpdate, { args: [{ actor: 'liu.yang', items: ['请明确所需信息的文件名称或文号'], periodWorkdays: 5 }] });
  await handle.executeUpdate(d.recordNoticeReceiptUpdate, { args: [{ actor: 'liu.yang', notice: 'correction', deliveredOn: y28('2027-01-05'), deliveredBy: 'direct' }] });
  // 2027-01-05 + 5 WD: Jan 6, 7, 8, 11, 12 → period ends 01-12; 视为放弃 on the next working day, 01-13.
  await advanceTo(env, y28('2027-01-14T02:00:00Z'));
  expect(await plain.workflow.getHandle<typeof handleApplication>(handle.workflowId).result()).toEqual({ outcome: 'other.noCorrection', closedDate: y28('2027-01-13') });
  const active = await activeDays(handle);
  expect(active.tasks).toEqual([y28('2027-01-05'), y28('2027-01-13')]);
  const row = await db.selectFrom('applications').select(['status', 'outcome']).where('id', '=', id).executeTakeFirstOrThrow();
  expect(row).toEqual({ status: 'closed', outcome: 'other.noCorrection' });
  await keepHistory(handle, 'handleApplication.sleep-no-correction');
});
