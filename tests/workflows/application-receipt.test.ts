/**
 * handleApplication, clock-events rule 9 (docs/clock.md): the 补正 period, the fee payment period and a
 * consultation's 15 working days run from the day the addressee received the notice (`recordNoticeReceipt`),
 * and the automatic endings (other.noCorrection, other.feeUnpaid, a consultation's silence) wait for that day;
 * without a recorded receipt the case does not end by itself and the handler is told. Same set-up as
 * `application.test.ts` (read its header): one time-skipping timeline 28 years later; every date is counted by
 * hand on 2026/2027 (December 2026 has no holiday; 元旦 2027-01-01 is a Friday, off) and checked through `y28()`.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Register } from '../../register/db';
import * as d from '../../workflows/application/definitions';
import { handleApplication } from '../../workflows/application/handleApplication';
import { applicationBed, startCase } from './application-bed';
import { keepHistory } from '../helpers/histories';
import { SmtpCapture } from '../../testing/smtp';
import { uniqueQueue } from '../../testing/temporal';
import { docxParagraphs } from '../activities/report-helpers';
import { advanceTo, inWords, waitForState, y28 } from './application-timeline';

jest.setTimeout(180_000);

let env: TestWorkflowEnvironment;
/** A client whose `result()` does not unlock time skipping: server time moves only by `advanceTo`. */
let plain: Client;
let db: Register;
let stop: (() => Promise<void>) | undefined;
const smtp = new SmtpCapture();
const taskQueue = uniqueQueue('application-receipt');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-app-receipt-'));

type Handle = Awaited<ReturnType<typeof start>>['handle'];
const handler = { actor: 'liu.yang' };

const start = (n: number, submittedOn: string, email = true) => startCase({ env, db, taskQueue }, n, submittedOn, email);

const received = (handle: Handle, notice: d.ReceiptNotice | d.DeliveredNotice, deliveredOn: string, deliveredBy: 'direct' | 'post' | 'electronic') =>
  handle.executeUpdate(d.recordNoticeReceiptUpdate, { args: [{ ...handler, notice, deliveredOn, deliveredBy }] });

/** The update is refused with this failure type and a message naming the field or rule, and the state is unchanged. */
async function refused(handle: Handle, run: () => Promise<unknown>, type: string, rule: RegExp) {
  const before = await handle.query(d.stateQuery);
  const err = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause as { type?: string; message: string };
  expect(cause.type).toBe(type);
  expect(cause.message).toMatch(rule);
  expect(await handle.query(d.stateQuery)).toEqual(before);
}

const result = (handle: Handle) => plain.workflow.getHandle<typeof handleApplication>(handle.workflowId).result();

const granted = { outcome: 'granted', legalBasis: '《中华人民共和国政府信息公开条例》第三十六条第（二）项', provision: '以电子邮件方式提供' };

/** The register rows of one event type for `id`, with their detail. */
async function events(id: string, type: string) {
  const rows = await db.selectFrom('application_events').select(['date', 'detail']).where('application_id', '=', id).where('type', '=', type).execute();
  return rows.map((r) => ({ date: r.date, ...(r.detail ? JSON.parse(r.detail) : {}) }));
}

beforeAll(async () => {
  ({ env, db, plain, stop } = await applicationBed({ smtp, taskQueue, dataDir }));
});
afterAll(() => stop?.());

let late: Awaited<ReturnType<typeof start>>; // 补正 notice received two days after it was sent
let unrecorded: Awaited<ReturnType<typeof start>>; // 补正 notice whose receipt is recorded only after its period
let fee: Awaited<ReturnType<typeof start>>;
let consulted: Awaited<ReturnType<typeof start>>;
let extended: Awaited<ReturnType<typeof start>>; // 延期答复告知书
let asked: Awaited<ReturnType<typeof start>>; // 第三十五条 说明理由告知书

test('2026-12-01: a 补正 notice (twice), a fee notice and a consultation letter sent; a receipt cannot be recorded before the notice exists', async () => {
  await advanceTo(env, y28('2026-12-01T02:00:00Z'));
  // `unrecorded` gave no email address: its notices are documents all the same.
  [late, unrecorded, fee, consulted] = [await start(1, y28('2026-12-01')), await start(2, y28('2026-12-01'), false), await start(3, y28('2026-12-01')), await start(4, y28('2026-12-01'))];
  await refused(late.handle, () => received(late.handle, 'correction', y28('2026-12-01'), 'direct'), 'Refused', /没有待登记送达的补正告知书/);
  const items = ['请明确所需信息的文件名称或文号'];
  for (const c of [late, unrecorded]) {
    const s = await c.handle.executeUpdate(d.requestCorrectionUpdate, { args: [{ ...handler, items, periodWorkdays: 5 }] });
    // From the sending day, until a receipt is recorded: 2026-12-01 + 5 WD: Dec 2-4, 7, 8 → 2026-12-08, with a warning step.
    expect(s.clock!.deadlines.correctionPeriodEnd).toBe(y28('2026-12-08'));
    expect(s.clock!.steps.some((x) => x.warning && x.text.includes('未记录补正通知的送达日期'))).toBe(true);
  }
  let s = await fee.handle.executeUpdate(d.issueFeeNoticeUpdate, { args: [{ ...handler, method: 'perPage', pages: 250 }] });
  expect(s.fee).toMatchObject({ amount: 4700, payBy: y28('2026-12-29') });
  s = await consulted.handle.executeUpdate(d.consultUpdate, { args: [{ ...handler, party: 'third-party', addressee: '某某公司' }] });
  // 2026-12-01 + 15 WD: Dec 2-4, 7-11, 14-18, 21, 22 → 2026-12-22.
  expect(s.consultations[0].due).toBe(y28('2026-12-22'));

  // Issue 15 part 3: each notice is a numbered DOCX among the case's documents, emailed or not.
  const docs = async (id: string) =>
    (await db.selectFrom('application_documents').select(['id', 'kind', 'path', 'sha256']).where('application_id', '=', id).orderBy('id').execute()).map((x) => {
      expect(createHash('sha256').update(fs.readFileSync(x.path)).digest('hex')).toBe(x.sha256);
      return `${x.id.slice(id.length + 1)} ${x.kind}`;
    });
  expect(await docs(late.id)).toEqual(['notice-correction notice-correction', 'notice-receipt notice-receipt']);
  expect(await docs(unrecorded.id)).toEqual(['notice-correction notice-correction', 'notice-receipt notice-receipt']);
  expect(await docs(fee.id)).toEqual(['notice-fee notice-fee', 'notice-receipt notice-receipt']);
  expect(await docs(consulted.id)).toEqual(['notice-consultation-1 notice-consultation-third-party', 'notice-receipt notice-receipt']);
  expect(smtp.messages.filter((m) => m.envelopeTo.includes('applicant2@test.local'))).toEqual([]);
  const u = await unrecorded.handle.query(d.stateQuery);
  expect(u.notices.map((x) => [x.kind, x.date])).toEqual([['receipt', y28('2026-12-01')], ['correction', y28('2026-12-01')]]);
  const text = docxParagraphs(fs.readFileSync(u.notices[1].path)).join('\n');
  expect(text).toContain('1. 请明确所需信息的文件名称或文号');
  expect(text).toContain('请您自收到本告知书之日起5个工作日内');
  expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  const feeText = docxParagraphs(fs.readFileSync((await fee.handle.query(d.stateQuery)).notices[1].path)).join('\n');
  expect(feeText).toContain('第201至250页50页×40元=2000元，合计4700元');

  // The extension notice (第三十三条第二款) on approval, the 第三十五条 notice when reasons are asked.
  extended = await start(5, y28('2026-12-01'), false);
  await extended.handle.executeUpdate(d.requestExtensionUpdate, { args: [{ ...handler, reason: '需要调取档案。' }] });
  await extended.handle.executeUpdate(d.decideExtensionUpdate, { args: [{ actor: 'sun.li', approve: true }] });
  asked = await start(6, y28('2026-12-01'), false);
  await asked.handle.executeUpdate(d.askReasonsUpdate, { args: [handler] });
  expect(await docs(extended.id)).toEqual(['notice-extension notice-extension', 'notice-receipt notice-receipt']);
  expect(await docs(asked.id)).toEqual(['notice-art35 notice-art35', 'notice-receipt notice-receipt']);
  const ext = docxParagraphs(fs.readFileSync((await extended.handle.query(d.stateQuery)).notices[1].path)).join('\n');
  // 2026-12-29 + 20 WD: Dec 30, 31, Jan 4-8, 11-15, 18-22, 25-27 → 2027-01-27.
  expect(ext).toContain(`因需要调取档案，本机关不能在规定的期限内作出答复。`);
  expect(ext).toContain(`答复期限延长20个工作日，本机关将于${inWords(y28('2027-01-27'))}前作出答复。`);
  const receipt = docxParagraphs(fs.readFileSync((await asked.handle.query(d.stateQuery)).notices[0].path)).join('\n');
  expect(receipt).toContain(`即于${inWords(y28('2026-12-29'))}前答复`);
});

test('2026-12-03/04: receipts recorded move the periods; refused before the sending day, in the future, twice, or by someone else', async () => {
  await advanceTo(env, y28('2026-12-03T02:00:00Z'));
  const h = late.handle;
  await refused(h, () => received(h, 'correction', y28('2026-11-30'), 'post'), 'Invalid', /deliveredOn：.*早于/);
  await refused(h, () => received(h, 'correction', y28('2026-12-04'), 'post'), 'Invalid', /deliveredOn：.*之后/);
  await refused(h, () => received(h, 'correction', y28('2026-12-03'), 'pigeon' as never), 'Invalid', /deliveredBy/);
  await refused(h, () => h.executeUpdate(d.recordNoticeReceiptUpdate, { args: [{ actor: 'zhou.min', notice: 'correction', deliveredOn: y28('2026-12-03'), deliveredBy: 'post' }] }), 'Forbidden', /不是 .* 的承办人/);
  await refused(h, () => received(h, 'fee', y28('2026-12-03'), 'post'), 'Refused', /没有待登记送达的收费通知书/);
  let s = await received(h, 'correction', y28('2026-12-03'), 'post');
  // 2026-12-03 + 5 WD: Dec 4, 7-10 → 2026-12-10.
  expect(s.clock!.deadlines.correctionPeriodEnd).toBe(y28('2026-12-10'));
  expect(s.clock!.steps.find((x) => x.article === '第三十条')?.text).toContain(`自对方收到补正通知之日（${y28('2026-12-03')}，邮寄送达，签收）起算`);
  expect(s.steps.at(-1)).toMatchObject({ action: 'noticeDelivered', detail: `补正告知书于 ${y28('2026-12-03')} 送达（邮寄送达，签收）` });
  expect(await events(late.id, 'noticeDelivered')).toEqual([{ date: y28('2026-12-03'), notice: 'correction', deliveredOn: y28('2026-12-03'), deliveredBy: 'post' }]);
  await refused(h, () => received(h, 'correction', y28('2026-12-03'), 'post'), 'Refused', /已经登记/);
  // The notice's document records its delivery too.
  expect(s.notices.find((x) => x.key === 'correction')?.delivered).toEqual({ on: y28('2026-12-03'), by: 'post' });

  // Notices with no period of the addressee's: their delivery is recorded as a fact, once, for a notice issued.
  await refused(h, () => received(h, 'extension', y28('2026-12-03'), 'direct'), 'Refused', /没有作为文书发出的延期答复告知书/);
  s = await received(extended.handle, 'extension', y28('2026-12-02'), 'post');
  expect(s.notices.find((x) => x.key === 'extension')?.delivered).toEqual({ on: y28('2026-12-02'), by: 'post' });
  expect(s.steps.at(-1)?.detail).toBe(`延期答复告知书于 ${y28('2026-12-02')} 送达（邮寄送达，签收）`);
  await refused(extended.handle, () => received(extended.handle, 'extension', y28('2026-12-03'), 'post'), 'Refused', /已经登记/);
  s = await received(asked.handle, 'receipt', y28('2026-12-01'), 'direct');
  expect(s.notices.find((x) => x.key === 'receipt')?.delivered).toEqual({ on: y28('2026-12-01'), by: 'direct' });
  expect(await events(asked.id, 'noticeDelivered')).toEqual([{ date: y28('2026-12-01'), notice: 'receipt', deliveredOn: y28('2026-12-01'), deliveredBy: 'direct' }]);

  s = await received(consulted.handle, 'consultation', y28('2026-12-03'), 'post');
  // 2026-12-03 + 15 WD: Dec 4, 7-11, 14-18, 21-24 → 2026-12-24.
  expect(s.consultations[0].due).toBe(y28('2026-12-24'));
  expect(s.clock!.state).toBe('paused');

  await advanceTo(env, y28('2026-12-04T02:00:00Z'));
  s = await received(fee.handle, 'fee', y28('2026-12-04'), 'electronic');
  // 109号 第六条, from the day after receipt: Dec 7-11, 14-18, 21-25, 28-31, (元旦 off) Jan 4 → 2027-01-04.
  expect(s.fee!.payBy).toBe(y28('2027-01-04'));
  expect(s.clock!.deadlines.feePaymentEnd).toBe(y28('2027-01-04'));
});

test('2026-12-09: past the periods counted from the sending day, nothing ends by itself; without a receipt the handler is told, once', async () => {
  await advanceTo(env, y28('2026-12-09T02:00:00Z'));
  const s = await waitForState(unrecorded.handle, (x) => x.steps.some((st) => st.action === 'noticeReceiptMissing'));
  expect(s.stage).toBe('awaitingCorrection');
  expect((await late.handle.query(d.stateQuery)).stage).toBe('awaitingCorrection');
  expect(await events(unrecorded.id, 'noticeReceiptMissing')).toEqual([{ date: y28('2026-12-09'), notice: 'correction', periodEnd: y28('2026-12-08') }]);
  const told = smtp.messages.filter((m) => m.parsed.subject === `【请登记送达】政府信息公开申请 ${unrecorded.id} 的补正告知书送达日期未登记`);
  expect(told.map((m) => m.envelopeTo)).toEqual([['liu.yang@demo.gongkai.local']]);
  await advanceTo(env, y28('2026-12-10T02:00:00Z'));
  expect(await events(unrecorded.id, 'noticeReceiptMissing')).toHaveLength(1);
});

test('2026-12-10/11: a late-recorded receipt ends the case on the right day; the other ends the day after its own period', async () => {
  // Received 2026-12-02 (recorded only now): + 5 WD = Dec 3, 4, 7-9 → 2026-12-09; abandoned 2026-12-10, today.
  await received(unrecorded.handle, 'correction', y28('2026-12-02'), 'direct');
  expect(await result(unrecorded.handle)).toEqual({ outcome: 'other.noCorrection', closedDate: y28('2026-12-10') });
  expect((await late.handle.query(d.stateQuery)).stage).toBe('awaitingCorrection'); // its period runs to 12-10
  await advanceTo(env, y28('2026-12-11T02:00:00Z'));
  expect(await result(late.handle)).toEqual({ outcome: 'other.noCorrection', closedDate: y28('2026-12-11') });
});

test('2026-12-23/25: the consulted party has its 15 working days from receipt; silence recorded on the 15th', async () => {
  await advanceTo(env, y28('2026-12-23T02:00:00Z'));
  // From the sending day the silence would have been recorded on 2026-12-22.
  expect((await consulted.handle.query(d.stateQuery)).consultations[0].ended).toBeNull();
  await advanceTo(env, y28('2026-12-25T02:00:00Z'));
  const s = await waitForState(consulted.handle, (x) => x.consultations[0].ended !== null);
  expect(s.consultations[0]).toMatchObject({ ended: y28('2026-12-24'), reply: expect.stringContaining('第三十二条') });
  await consulted.handle.executeUpdate(d.decideUpdate, { args: [{ ...handler, decision: granted }] });
  await waitForState(consulted.handle, (x) => x.stage === 'awaitingDelivery');
  await consulted.handle.executeUpdate(d.recordDeliveryUpdate, { args: [{ ...handler, method: 'posted' }] });
  expect(await result(consulted.handle)).toEqual({ outcome: 'granted', closedDate: y28('2026-12-25') });
});

test('2026-12-30 to 2027-01-05: the fee is unpaid; the case ends the working day after the period counted from receipt', async () => {
  await advanceTo(env, y28('2026-12-30T02:00:00Z'));
  // From the sending day it would have ended as other.feeUnpaid on 2026-12-30.
  expect((await fee.handle.query(d.stateQuery)).stage).toBe('awaitingFee');
  await advanceTo(env, y28('2027-01-05T02:00:00Z'));
  expect(await result(fee.handle)).toEqual({ outcome: 'other.feeUnpaid', closedDate: y28('2027-01-05') });
});

test('replay fixtures of the receipt paths (kept only with RECORD_HISTORIES=1)', async () => {
  const paths: [Handle, string][] = [
    // With the notices as documents (the fixtures without them were recorded before 'notice-documents').
    [late.handle, 'notices-no-correction-from-receipt'],
    [unrecorded.handle, 'notices-receipt-missing'],
    [fee.handle, 'notices-fee-unpaid-from-receipt'],
    [consulted.handle, 'notices-consultation-silence-from-receipt'],
  ];
  for (const [h, name] of paths) {
    expect((await h.describe()).status.name).toBe('COMPLETED');
    await keepHistory(h, `handleApplication.${name}`);
  }
});
