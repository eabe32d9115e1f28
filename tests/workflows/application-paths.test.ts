/**
 * handleApplication, the clock paths that `application.test.ts` does not walk (issue 5, "Done when"):
 * a third-party consultation answered across 元旦, a fee paid within its period, and Art. 35 ending in an
 * agency-set deadline. Same set-up as `application.test.ts` (read its header): one time-skipping timeline 28
 * years later, on a test calendar that is 2026/2027 moved by 28 years; every date is counted by hand on
 * 2026/2027 (December 2026 has no holiday; 元旦 2027-01-01 is a Friday, off) and checked through `y28()`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Calendar } from '../../domain/calendar';
import { loadCalendarData } from '../../register/calendar';
import { clockAsOf } from '../../client/services/applications';
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
const taskQueue = uniqueQueue('application-paths');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-app-paths-'));




type Handle = Awaited<ReturnType<typeof start>>['handle'];

const start = (n: number, submittedOn: string, email = true) => startCase({ env, db, taskQueue }, n, submittedOn, email);


const granted = { outcome: 'granted', legalBasis: '《中华人民共和国政府信息公开条例》第三十六条第（二）项', provision: '以电子邮件方式提供' };

/** Decides `granted`, records delivery by post today, and returns the result without letting server time move. */
async function decideAndDeliver(handle: Handle) {
  await handle.executeUpdate(d.decideUpdate, { args: [{ actor: 'liu.yang', decision: granted }] });
  await waitForState(handle, (s) => s.stage === 'awaitingDelivery');
  await handle.executeUpdate(d.recordDeliveryUpdate, { args: [{ actor: 'liu.yang', method: 'posted' }] });
  return plain.workflow.getHandle<typeof handleApplication>(handle.workflowId).result();
}

/** The reminder and escalation rows the workflow wrote to the register for `id`. */
async function reminders(id: string) {
  return db.selectFrom('application_events').select(['type', 'date']).where('application_id', '=', id).where('type', 'in', ['reminder', 'escalation']).execute();
}

beforeAll(async () => {
  ({ env, db, plain, stop } = await applicationBed({ smtp, taskQueue, dataDir }));
});
afterAll(() => stop?.());

let consulted: Awaited<ReturnType<typeof start>>;
let feeCase: Awaited<ReturnType<typeof start>>;
let art35: Awaited<ReturnType<typeof start>>;
let waived: Awaited<ReturnType<typeof start>>;

test('2026-12-01: three applications received, due 2026-12-29; Art. 35 reasons asked of the third', async () => {
  await advanceTo(env, y28('2026-12-01T02:00:00Z'));
  [consulted, feeCase, art35, waived] = [await start(1, y28('2026-12-01')), await start(2, y28('2026-12-01')), await start(3, y28('2026-12-01')), await start(4, y28('2026-12-01'))];
  // 2026-12-01 (Tue) + 20 WD: Dec 2-4, 7-11, 14-18, 21-25, 28, 29 → 2026-12-29.
  for (const c of [consulted, feeCase, art35]) expect((await c.handle.query(d.stateQuery)).clock!.due).toBe(y28('2026-12-29'));
  const s = await art35.handle.executeUpdate(d.askReasonsUpdate, { args: [{ actor: 'liu.yang' }] });
  expect(s.stage).toBe('awaitingReasons');
  expect(s.art35).toEqual({ asked: y28('2026-12-01'), resolution: 'pending' });
});

test('2026-12-17: consultation letter and fee notice pause the clock; the agency sets its own deadline (条例第三十五条)', async () => {
  await advanceTo(env, y28('2026-12-17T02:00:00Z'));
  let s = await consulted.handle.executeUpdate(d.consultUpdate, { args: [{ actor: 'liu.yang', party: 'third-party', addressee: '某某公司' }] });
  // 2026-12-17 (Thu) + 15 WD: Dec 18, 21-25, 28-31, (元旦 01-01 off), Jan 4-8 → 2027-01-08.
  expect(s.consultations[0]).toMatchObject({ started: y28('2026-12-17'), due: y28('2027-01-08'), ended: null });
  expect(s.clock!.state).toBe('paused');

  s = await waived.handle.executeUpdate(d.issueFeeNoticeUpdate, { args: [{ actor: 'liu.yang', method: 'perPage', pages: 60 }] });
  expect(s.fee).toMatchObject({ amount: 300, payBy: y28('2027-01-15') });
  s = await feeCase.handle.executeUpdate(d.issueFeeNoticeUpdate, { args: [{ actor: 'liu.yang', method: 'perPage', pages: 250 }] });
  // 2026-12-17 + 20 WD: Dec 18, 21-25, 28-31 (10), Jan 4-8 (15), 11-15 (20) → 2027-01-15.
  expect(s.fee).toMatchObject({ amount: 4700, issued: y28('2026-12-17'), payBy: y28('2027-01-15'), paid: null });
  expect(s.stage).toBe('awaitingFee');
  expect(s.clock!.state).toBe('paused');

  // The statutory due date 2026-12-29 is replaced outright by the agency's, 2027-02-26 (a Friday).
  s = await art35.handle.executeUpdate(d.setAgencyDeadlineUpdate, { args: [{ actor: 'liu.yang', due: y28('2027-02-26'), reason: '申请理由合理，但数量较大无法按期答复' }] });
  expect(s.stage).toBe('handling');
  expect(s.art35!.resolution).toBe('deadlineSet');
  expect(s.clock!.due).toBe(y28('2027-02-26'));
  expect(s.clock!.steps.some((x) => x.article === '第三十五条' && x.text.includes(`答复期限定为 ${y28('2027-02-26')}`))).toBe(true);
});

test('2027-01-05: the third party replies; the clock moves by the 12 working days paused across 元旦; decided on time', async () => {
  await advanceTo(env, y28('2027-01-05T02:00:00Z'));
  let s = await consulted.handle.query(d.stateQuery);
  expect(s.consultations[0].ended).toBeNull(); // its 15 working days run to 2027-01-08: no silence recorded yet
  expect(s.clock!.state).toBe('paused');
  expect(s.remindersSent).toEqual([]); // no reminder or escalation on the old due date 2026-12-29 while paused

  s = await consulted.handle.executeUpdate(d.consultationReplyUpdate, { args: [{ actor: 'liu.yang', party: 'third-party', reply: '同意公开' }] });
  expect(s.consultations[0]).toMatchObject({ ended: y28('2027-01-05'), reply: '同意公开' });
  // Paused in (2026-12-17, 2027-01-05]: Dec 18, 21-25, 28-31, (01-01 off), Jan 4, 5 = 12 WD.
  // 2026-12-29 + 12 WD: Dec 30, 31, (01-01 off), Jan 4-8, 11-15 → 2027-01-15.
  expect(s.clock!.due).toBe(y28('2027-01-15'));
  expect(s.clock!.state).not.toBe('paused');
  const explained = s.clock!.steps.find((x) => x.article === '第三十三条第三款');
  expect(explained?.text).toContain(`${y28('2026-12-18')} 至 ${y28('2027-01-05')} 的 12 个工作日不计入答复期限，答复期限顺延至 ${y28('2027-01-15')}`);

  expect(await decideAndDeliver(consulted.handle)).toEqual({ outcome: 'granted', closedDate: y28('2027-01-05') });
  expect((await consulted.handle.query(d.stateQuery)).clock!.onTime).toBe(true);
  const row = await db.selectFrom('applications').selectAll().where('id', '=', consulted.id).executeTakeFirstOrThrow();
  expect([row.status, row.outcome, row.due_date, row.closed_date]).toEqual(['closed', 'granted', y28('2027-01-15'), y28('2027-01-05')]);
  expect(await reminders(consulted.id)).toEqual([]);
});

test('2027-01-06: the fee paid within its period; the clock moves by the 13 working days unpaid; decided on time', async () => {
  await advanceTo(env, y28('2027-01-06T02:00:00Z'));
  let s = await feeCase.handle.query(d.stateQuery);
  expect([s.stage, s.outcome, s.clock!.state]).toEqual(['awaitingFee', null, 'paused']);

  s = await feeCase.handle.executeUpdate(d.feePaidUpdate, { args: [{ actor: 'liu.yang' }] });
  expect(s.fee!.paid).toBe(y28('2027-01-06'));
  expect(s.stage).toBe('handling');
  // Unpaid in (2026-12-17, 2027-01-06]: Dec 18, 21-25, 28-31, (01-01 off), Jan 4-6 = 13 WD.
  // 2026-12-29 + 13 WD: Dec 30, 31, (01-01 off), Jan 4-8, 11-15, 18 → 2027-01-18.
  expect(s.clock!.due).toBe(y28('2027-01-18'));
  expect(s.clock!.steps.some((x) => x.text.includes(`答复期限顺延至 ${y28('2027-01-18')}（共 13 个工作日）`))).toBe(true);

  expect(await decideAndDeliver(feeCase.handle)).toEqual({ outcome: 'granted', closedDate: y28('2027-01-06') });
  expect((await feeCase.handle.query(d.stateQuery)).clock!.onTime).toBe(true);
  const row = await db.selectFrom('applications').selectAll().where('id', '=', feeCase.id).executeTakeFirstOrThrow();
  expect([row.outcome, row.due_date, row.closed_date]).toEqual(['granted', y28('2027-01-18'), y28('2027-01-06')]);
  expect(await reminders(feeCase.id)).toEqual([]);
});

test('2027-01-06: the fee waived (条例 第四十二条): the case goes on as if paid, the applicant is told, the register keeps the amount and the reason', async () => {
  const refused = await waived.handle.executeUpdate(d.waiveFeeUpdate, { args: [{ actor: 'liu.yang', reason: ' ' }] }).catch((e: Error) => e);
  expect(String((refused as { cause?: Error }).cause?.message)).toContain('reason：减免信息处理费须写明理由');
  const s = await waived.handle.executeUpdate(d.waiveFeeUpdate, { args: [{ actor: 'liu.yang', reason: '申请人为低保对象，经济困难' }] });
  expect(s.stage).toBe('handling');
  expect(s.fee).toMatchObject({ amount: 300, paid: null, waived: { on: y28('2027-01-06'), by: 'liu.yang', reason: '申请人为低保对象，经济困难' } });
  // The same 13 working days as the paid fee above: 2026-12-29 → 2027-01-18.
  expect(s.clock!.due).toBe(y28('2027-01-18'));
  expect(s.clock!.steps.some((x) => x.article === '第四十二条' && x.text.includes('不再收取信息处理费'))).toBe(true);
  const row = await db.selectFrom('application_events').select(['type', 'detail']).where('application_id', '=', waived.id).where('type', '=', 'feeWaived').executeTakeFirstOrThrow();
  expect(JSON.parse(row.detail!)).toEqual({ amount: 300, reason: '申请人为低保对象，经济困难' });
  const until = Date.now() + 20_000;
  while (!smtp.messages.some((m) => m.envelopeTo.includes('applicant4@test.local') && /信息处理费减免告知/.test(m.parsed.subject ?? ''))) {
    if (Date.now() > until) throw new Error('no waiver email to the applicant');
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(await decideAndDeliver(waived.handle)).toEqual({ outcome: 'granted', closedDate: y28('2027-01-06') });
});

test('2027-01-06: Art. 35 with an agency-set deadline: no escalation after the old due date 2026-12-29; decided on time', async () => {
  let s = await art35.handle.query(d.stateQuery);
  expect(s.clock!.due).toBe(y28('2027-02-26'));
  // 2027-01-06 → 2027-02-26: Jan 7, 8, 11-15, 18-22, 25-29, Feb 1-4, (春节 02-05..08 off), 9-12, 15-19, 22-26 = 35 WD.
  // The case computes its clock on the days it acts (issue 16); what the service shows is the clock as of today.
  expect(clockAsOf(s, new Calendar(await loadCalendarData(db)), y28('2027-01-06')).clock!.workdaysLeft).toBe(35);
  expect(s.remindersSent).toEqual([]);
  expect(await reminders(art35.id)).toEqual([]);

  expect(await decideAndDeliver(art35.handle)).toEqual({ outcome: 'granted', closedDate: y28('2027-01-06') });
  s = await art35.handle.query(d.stateQuery);
  expect(s.clock!.onTime).toBe(true);
  const row = await db.selectFrom('applications').selectAll().where('id', '=', art35.id).executeTakeFirstOrThrow();
  expect([row.outcome, row.due_date, row.closed_date]).toEqual(['granted', y28('2027-02-26'), y28('2027-01-06')]);
  await keepHistory(consulted.handle, 'handleApplication.consultation-answered');
  await keepHistory(feeCase.handle, 'handleApplication.fee-paid');
  await keepHistory(art35.handle, 'handleApplication.art35-deadline-set');
  await keepHistory(waived.handle, 'handleApplication.fee-waived');
});
