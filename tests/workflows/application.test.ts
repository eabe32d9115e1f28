/**
 * handleApplication on the time-skipping server, along one timeline (server time only moves forward):
 * every expected date below is counted by hand on the official 2026 schedule and, for 2027 (no notice yet,
 * provisional), the statutory holidays alone: 元旦 2027-01-01 (Fri), 春节 2027-02-05..08 (除夕 to 初三).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { unzipSync, strFromU8 } from 'fflate';
import { intakeSchema, type IntakeInput } from '../../domain/application';
import { organisationFile } from '../../domain/org';
import { aggregateSection3, type CaseRecord } from '../../domain/report';
import type { OutcomeKey } from '../../domain/outcomes';
import { allSearchAttributes } from '../../domain/searchAttributes';
import { insertApplication, section3Counts } from '../../register/applications';
import type { Register } from '../../register/db';
import { importOrganisation } from '../../register/org';
import * as d from '../../workflows/application/definitions';
import { handleApplication } from '../../workflows/application/handleApplication';
import { testActivities } from '../helpers/deps';
import { freshRegister } from '../helpers/register';
import { SmtpCapture } from '../helpers/smtp';
import { testWorker, timeSkippingEnv, uniqueQueue } from '../helpers/temporal';

jest.setTimeout(180_000);

let env: TestWorkflowEnvironment;
let db: Register;
let worker: Worker;
let running: Promise<void>;
const smtp = new SmtpCapture();
const taskQueue = uniqueQueue('application');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-app-'));

/** Moves server time to `iso` (10:00 Shanghai is 02:00Z); refuses to go back, which would make the dates wrong. */
async function advanceTo(iso: string): Promise<void> {
  const target = Date.parse(iso);
  const now = await env.currentTimeMs();
  if (now > target) throw new Error(`the timeline starts at ${iso} but the server is already at ${new Date(now).toISOString()}: dates in this file need a new start`);
  await env.sleep(target - now);
}

const person = (n: number, email = true) => ({
  type: 'naturalPerson' as const,
  name: `申请人${n}`,
  idDocument: { number: `43060219900101${String(1000 + n)}` },
  address: '湖南省永州市零陵区南津中路12号',
  ...(email ? { email: `applicant${n}@test.local` } : {}),
});

async function start(n: number, submittedOn: string, extra: Partial<IntakeInput> = {}) {
  const intake = intakeSchema.parse({ channel: 'in-person', submittedOn, applicant: person(n), content: `申请公开第${n}号事项的相关文件`, ...extra });
  const { row } = await insertApplication(db, { intake, agencyCode: 'TEST', actor: 'liu.yang', now: new Date().toISOString() });
  const handle = await env.client.workflow.start(handleApplication, {
    taskQueue,
    workflowId: row.workflow_id,
    args: [{ id: row.id, registeredBy: 'liu.yang' }],
  });
  await waitFor(handle, (s) => s.clock !== null);
  return { id: row.id, handle };
}

type Handle = Awaited<ReturnType<typeof start>>['handle'];

async function waitFor(handle: Handle, ok: (s: d.ApplicationState) => boolean): Promise<d.ApplicationState> {
  for (let i = 0; i < 200; i++) {
    const s = await handle.query(d.stateQuery);
    if (ok(s)) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`state never satisfied: ${JSON.stringify(await handle.query(d.stateQuery)).slice(0, 500)}`);
}

/** The update is refused with this failure type and a message naming the rule, and the state is unchanged. */
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

async function assign(handle: Handle) {
  return handle.executeUpdate(d.assignUpdate, { args: [{ actor: 'sun.li', handler: 'liu.yang' }] });
}

const granted = { outcome: 'granted', legalBasis: '《中华人民共和国政府信息公开条例》第三十六条第（二）项', provision: '以电子邮件方式提供' };

async function decideAndDeliver(handle: Handle, decision: object, date?: string) {
  await handle.executeUpdate(d.decideUpdate, { args: [{ actor: 'liu.yang', decision }] });
  await waitFor(handle, (s) => s.stage === 'awaitingDelivery');
  await handle.executeUpdate(d.recordDeliveryUpdate, { args: [{ actor: 'liu.yang', method: 'posted', date }] });
  return handle.result();
}

beforeAll(async () => {
  [env, db] = await Promise.all([timeSkippingEnv(), freshRegister(), smtp.start()]);
  const org = organisationFile.parse(JSON.parse(fs.readFileSync(path.join(__dirname, '../../demo/organisation.json'), 'utf8')));
  await importOrganisation(db, org);
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(allSearchAttributes.map((a) => [a.name, a.type === 'DATETIME' ? 6 : 2])),
  });
  worker = await testWorker(env, taskQueue, testActivities(db, smtp, { DATA_DIR: dataDir }));
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running?.catch(() => undefined);
  await Promise.all([env?.teardown(), db?.destroy(), smtp.stop()]);
});

const s1: { id?: string; handle?: Handle } = {};
const s2: typeof s1 = {};
const s3: typeof s1 = {};
const s3b: typeof s1 = {};

test('2026-12-01: receipt, 20 working days, assignment by the office, refusals by users without the role', async () => {
  await advanceTo('2026-12-01T02:00:00Z');
  Object.assign(s1, await start(1, '2026-12-01'));
  const h = s1.handle!;
  let s = await h.query(d.stateQuery);
  // 2026-12-01 (Tue) + 20 WD: Dec 2-4, 7-11, 14-18, 21-25, 28, 29 → 2026-12-29.
  expect(s.clock!.due).toBe('2026-12-29');
  expect(s.stage).toBe('unassigned');
  await refused(h, () => h.executeUpdate(d.claimUpdate, { args: [{ actor: 'zhou.min' }] }), 'Forbidden', /disclosure office/);
  await refused(h, () => h.executeUpdate(d.assignUpdate, { args: [{ actor: 'zhao.lei', handler: 'liu.yang' }] }), 'Forbidden', /disclosure office/);
  await refused(h, () => h.executeUpdate(d.decideUpdate, { args: [{ actor: 'liu.yang', decision: granted }] }), 'Forbidden', /not the handler/);
  s = await assign(h);
  expect(s.handler).toBe('liu.yang');
  const row = await db.selectFrom('applications').selectAll().where('id', '=', s1.id!).executeTakeFirstOrThrow();
  expect([row.stage, row.handler, row.due_date, row.status]).toEqual(['handling', 'liu.yang', '2026-12-29', 'open']);
  const receipt = smtp.messages.find((m) => m.envelopeTo.includes('applicant1@test.local'));
  expect(receipt?.parsed.subject).toBe(`政府信息公开申请回执（${s1.id}）`);
  expect(receipt?.parsed.text).not.toContain('430602');

  Object.assign(s2, await start(2, '2026-12-01'));
  Object.assign(s3, await start(3, '2026-12-01'));
  Object.assign(s3b, await start(4, '2026-12-01'));
  await Promise.all([assign(s2.handle!), assign(s3.handle!), assign(s3b.handle!)]);
});

test('2026-12-17: consultation pauses the clock; extension asked by the handler, approved only by the office head, once', async () => {
  await advanceTo('2026-12-17T02:00:00Z');
  let s = await s2.handle!.executeUpdate(d.consultUpdate, { args: [{ actor: 'liu.yang', party: 'third-party', addressee: '某某公司' }] });
  // 2026-12-17 + 15 WD: Dec 18, 21-25, 28-31, (元旦 01-01 off), Jan 4-8 → 2027-01-08.
  expect(s.consultations[0].due).toBe('2027-01-08');
  expect(s.clock!.state).toBe('paused');

  const h = s3.handle!;
  await refused(h, () => h.executeUpdate(d.requestExtensionUpdate, { args: [{ actor: 'liu.yang', reason: '' }] }), 'InvalidInput', /reason/);
  await h.executeUpdate(d.requestExtensionUpdate, { args: [{ actor: 'liu.yang', reason: '需要调取档案' }] });
  await refused(h, () => h.executeUpdate(d.decideExtensionUpdate, { args: [{ actor: 'liu.yang', approve: true }] }), 'Forbidden', /第三十三条第二款/);
  s = await h.executeUpdate(d.decideExtensionUpdate, { args: [{ actor: 'sun.li', approve: true }] });
  // 2026-12-29 + 20 WD: Dec 30, 31, Jan 4-8, 11-15, 18-22, 25-27 → 2027-01-27.
  expect(s.clock!.due).toBe('2027-01-27');
  await refused(h, () => h.executeUpdate(d.requestExtensionUpdate, { args: [{ actor: 'liu.yang', reason: '再次延期' }] }), 'ClockRule', /once/);
  const notice = await smtp.waitFor(1).then(() => smtp.messages.find((m) => m.parsed.subject === `延期答复告知书（${s3.id}）`));
  expect(notice?.parsed.text).toContain('2027-01-27');

  const hb = s3b.handle!;
  await hb.executeUpdate(d.requestExtensionUpdate, { args: [{ actor: 'liu.yang', reason: '需要调取档案' }] });
  s = await hb.executeUpdate(d.decideExtensionUpdate, { args: [{ actor: 'sun.li', approve: false, note: '理由不足' }] });
  expect(s.extension!.decision).toBe('refused');
  expect(s.clock!.due).toBe('2026-12-29');
});

test('2026-12-31: reminders 5 and 2 working days before, on the due day, escalation each working day after; decision, letter, delivery', async () => {
  await advanceTo('2026-12-31T03:00:00Z');
  const h = s1.handle!;
  let s = await h.query(d.stateQuery);
  // due 2026-12-29: 5 WD left on 12-22 (23,24,25,28,29), 2 on 12-25 (28,29), due day 12-29; overdue 12-30, 12-31.
  expect(s.remindersSent).toEqual(['2026-12-22/due-5/2026-12-29', '2026-12-25/due-2/2026-12-29', '2026-12-29/due-0/2026-12-29', '2026-12-30/overdue', '2026-12-31/overdue']);
  const logged = await db.selectFrom('application_events').select(['type', 'date']).where('application_id', '=', s1.id!).where('type', 'in', ['reminder', 'escalation']).orderBy('date').execute();
  expect(logged.map((e) => `${e.date} ${e.type}`)).toEqual(['2026-12-22 reminder', '2026-12-25 reminder', '2026-12-29 reminder', '2026-12-30 escalation', '2026-12-31 escalation']);
  expect(smtp.messages.filter((m) => m.parsed.subject?.startsWith('【逾期督办】') && m.parsed.subject.includes(s1.id!)).map((m) => m.envelopeTo.sort())).toEqual([
    ['admin@demo.gongkai.local', 'zhou.min@demo.gongkai.local'],
    ['admin@demo.gongkai.local', 'zhou.min@demo.gongkai.local'],
  ]);

  // Bad decisions: refused with the rule named, nothing changed.
  await refused(h, () => h.executeUpdate(d.decideUpdate, { args: [{ actor: 'liu.yang', decision: { ...granted, outcome: 'approved' } }] }), 'InvalidDecision', /unknown outcome/);
  await refused(h, () => h.executeUpdate(d.decideUpdate, { args: [{ actor: 'liu.yang', decision: { ...granted, legalBasis: '' } }] }), 'InvalidDecision', /legal basis required/);
  await refused(h, () => h.executeUpdate(d.decideUpdate, { args: [{ actor: 'liu.yang', decision: { ...granted, outcome: 'other.noCorrection', reasons: '未补正' } }] }), 'InvalidDecision', /automatically/);
  // An extension asked after the due date (2026-12-29) is refused by the clock's rule.
  await refused(s3b.handle!, () => s3b.handle!.executeUpdate(d.requestExtensionUpdate, { args: [{ actor: 'liu.yang', reason: '需要调取档案' }] }), 'ClockRule', /on or before the due date 2026-12-29/);

  expect(await decideAndDeliver(h, granted, '2026-12-31')).toEqual({ outcome: 'granted', closedDate: '2026-12-31' });
  s = await h.query(d.stateQuery);
  expect(s.clock!.onTime).toBe(false);
  const row = await db.selectFrom('applications').selectAll().where('id', '=', s1.id!).executeTakeFirstOrThrow();
  expect([row.status, row.outcome, row.closed_date]).toEqual(['closed', 'granted', '2026-12-31']);
  const docx = unzipSync(fs.readFileSync(s.letter!.path));
  const text = strFromU8(docx['word/document.xml']).replace(/<[^>]+>/g, '');
  expect(text).toContain('政府信息公开申请答复书');
  expect(text).toContain('本机关予以公开');
  expect(text).toContain('六十日内依法申请行政复议');
  expect(text).toContain('六个月内依法提起行政诉讼');
  const reply = smtp.messages.find((m) => m.parsed.subject === `政府信息公开申请答复（${s1.id}）`);
  expect(reply?.envelopeTo).toEqual(['applicant1@test.local']);
});

const s4: typeof s1 = {};
test('received on 31 December, decided in January: 结转 in 2026, 上年结转 in 2027, and SQL agrees with the reference', async () => {
  Object.assign(s4, await start(5, '2026-12-31', { applicant: { type: 'organisation', orgType: 'legalService', name: '某律师事务所', idDocument: { number: '91431100MA4L0000X1' }, email: 'law@test.local' } }));
  await assign(s4.handle!);
  await advanceTo('2027-01-05T02:00:00Z');
  const partial = { outcome: 'partiallyGranted', legalBasis: '条例第三十七条', provision: '邮寄提供', reasons: '部分内容涉及个人隐私', withheld: [{ what: '身份证号码', why: '个人隐私（条例第十五条）' }] };
  expect(await decideAndDeliver(s4.handle!, partial, '2027-01-05')).toEqual({ outcome: 'partiallyGranted', closedDate: '2027-01-05' });
  const rows = await db.selectFrom('applications').select(['applicant_column', 'received_date', 'closed_date', 'outcome']).execute();
  const cases: CaseRecord[] = rows.map((r) => ({ applicantColumn: r.applicant_column as CaseRecord['applicantColumn'], receivedDate: r.received_date, closedDate: r.closed_date, outcome: r.outcome as OutcomeKey | null }));
  for (const year of [2026, 2027]) expect(await section3Counts(db, year)).toEqual(aggregateSection3(cases, year));
  const y2026 = await section3Counts(db, 2026);
  const y2027 = await section3Counts(db, 2027);
  const legal = 4; // the 法律服务机构 column
  expect(y2026.received[legal]).toBe(1);
  expect(y2026.carriedForward[legal]).toBe(1);
  expect(y2027.carriedOver[legal]).toBe(1);
  expect(y2027.partiallyGranted[legal]).toBe(1);
  expect(y2026.granted[0]).toBe(1); // s1, closed 2026-12-31
});

const s5: typeof s1 = {};
const s6: typeof s1 = {};
const s7: typeof s1 = {};
const s8: typeof s1 = {};
test('2027-01-05: 补正 asked (once), fee notice (250 pages = 4,700 元), Art. 35 reasons asked', async () => {
  for (const [s, n] of [[s5, 6], [s6, 7], [s7, 8], [s8, 9]] as const) {
    Object.assign(s, await start(n, '2027-01-05'));
    await assign(s.handle!);
  }
  const items = ['请明确所需信息的文件名称或文号'];
  let s = await s5.handle!.executeUpdate(d.requestCorrectionUpdate, { args: [{ actor: 'liu.yang', items, periodWorkdays: 5 }] });
  // 2027-01-05 + 5 WD: Jan 6, 7, 8, 11, 12.
  expect(s.clock!.deadlines.correctionPeriodEnd).toBe('2027-01-12');
  await refused(s5.handle!, () => s5.handle!.executeUpdate(d.requestCorrectionUpdate, { args: [{ actor: 'liu.yang', items, periodWorkdays: 5 }] }), 'WrongStage', /awaitingCorrection/);
  await s6.handle!.executeUpdate(d.requestCorrectionUpdate, { args: [{ actor: 'liu.yang', items, periodWorkdays: 10 }] });
  s = await s7.handle!.executeUpdate(d.issueFeeNoticeUpdate, { args: [{ actor: 'liu.yang', method: 'perPage', pages: 250 }] });
  // 2027-01-05 + 20 WD: Jan 6-8, 11-15, 18-22, 25-29, Feb 1, 2 → 2027-02-02.
  expect(s.fee).toMatchObject({ amount: 4700, payBy: '2027-02-02' });
  await refused(s8.handle!, () => s8.handle!.executeUpdate(d.decideUpdate, { args: [{ actor: 'liu.yang', decision: { outcome: 'notProcessed.excessive', legalBasis: '条例第三十五条', reasons: '无正当理由' } }] }), 'InvalidDecision', /第三十五条/);
  await s8.handle!.executeUpdate(d.askReasonsUpdate, { args: [{ actor: 'liu.yang' }] });
  const fee = smtp.messages.find((m) => m.parsed.subject === `信息处理费缴费通知（${s7.id}）`);
  expect(fee?.parsed.text).toContain('4700 元');
});

test('2027-01-08: the corrected application restarts the clock across 春节 2027', async () => {
  await advanceTo('2027-01-08T02:00:00Z');
  const s = await s6.handle!.executeUpdate(d.correctionReceivedUpdate, { args: [{ actor: 'liu.yang' }] });
  // 2027-01-08 + 20 WD: Jan 11-15, 18-22, 25-29, Feb 1-4 (19), 春节 Feb 5-8 off, Feb 9 → 2027-02-09.
  expect(s.clock!.due).toBe('2027-02-09');
  expect(s.clock!.steps.some((x) => x.article === '第三十条' && x.text.includes('重新计算'))).toBe(true);
});

test('2027-01-11: third-party silence recorded at its 15th working day; recomputeDeadlines after an override', async () => {
  await advanceTo('2027-01-11T02:00:00Z');
  let s = await waitFor(s2.handle!, (x) => x.consultations[0].ended !== null);
  expect(s.consultations[0]).toMatchObject({ ended: '2027-01-08', reply: expect.stringContaining('第三十二条') });
  // Base due 2026-12-29, plus the 15 WD paused in (12-17, 01-08]: Dec 30, 31, Jan 4-8, 11-15, 18-20 → 2027-01-20.
  expect(s.clock!.due).toBe('2027-01-20');
  await db.insertInto('calendar_overrides').values({ date: '2027-01-19', kind: 'off', reason: '本地停电停工', created_by: 'admin', created_at: new Date().toISOString() }).execute();
  await s2.handle!.signal(d.recomputeDeadlinesSignal, { reason: '本机关调整工作日' });
  s = await waitFor(s2.handle!, (x) => x.deadlineChanges.length === 1);
  expect(s.deadlineChanges[0]).toMatchObject({ from: '2027-01-20', to: '2027-01-21', reason: '本机关调整工作日' });
  expect(s.clock!.due).toBe('2027-01-21');
  const decision = { outcome: 'withheld.thirdPartyRights', legalBasis: '条例第十五条、第三十二条', reasons: '涉及第三方商业秘密' };
  expect(await decideAndDeliver(s2.handle!, decision)).toEqual({ outcome: 'withheld.thirdPartyRights', closedDate: '2027-01-11' });
  expect(await s6.handle!.executeUpdate(d.decideUpdate, { args: [{ actor: 'liu.yang', decision: { outcome: 'unavailable.unclearAfterCorrection', legalBasis: '条例第三十条', reasons: '补正后仍不明确' } }] })).toMatchObject({ stage: 'letterReview' });
  await s8.handle!.executeUpdate(d.decideUpdate, { args: [{ actor: 'liu.yang', decision: { outcome: 'notProcessed.excessive', legalBasis: '条例第三十五条', reasons: '无正当理由大量反复申请' } }] });
});

test('no correction in time ends as other.noCorrection; unpaid fee as other.feeUnpaid; delivered ones keep their outcome', async () => {
  // Correction period ended 2027-01-12: abandoned (视为放弃) on 2027-01-13.
  expect(await s5.handle!.result()).toEqual({ outcome: 'other.noCorrection', closedDate: '2027-01-13' });
  // Payment period ended 2027-02-02: abandoned on 2027-02-03.
  expect(await s7.handle!.result()).toEqual({ outcome: 'other.feeUnpaid', closedDate: '2027-02-03' });
  for (const s of [s6, s8]) {
    await waitFor(s.handle!, (x) => x.stage === 'awaitingDelivery');
    await s.handle!.executeUpdate(d.recordDeliveryUpdate, { args: [{ actor: 'liu.yang', method: 'signed' }] });
  }
  expect((await s6.handle!.result()).outcome).toBe('unavailable.unclearAfterCorrection');
  expect((await s8.handle!.result()).outcome).toBe('notProcessed.excessive');
  const rows = await db.selectFrom('applications').select(['id', 'outcome', 'closed_date']).where('id', 'in', [s5.id!, s7.id!]).orderBy('id').execute();
  expect(rows).toEqual([
    { id: s5.id, outcome: 'other.noCorrection', closed_date: '2027-01-13' },
    { id: s7.id, outcome: 'other.feeUnpaid', closed_date: '2027-02-03' },
  ]);
});
