/**
 * handleApplication, issue 15 §3: where the agency's policy for 依申请公开告知书 is switched on, a notice goes out only
 * after its child reviewItem approves it. The handler's step stands at once; the applicant's email waits; the issued
 * DOCX carries the day it was signed; a notice withdrawn from review goes back to the handler, who sends it again.
 * The 登记回执 is never held. One time-skipping timeline 28 years ahead (dates counted on 2026, checked by `y28`).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { defaultPolicy, NOTICE_CATEGORY } from '../../domain/review/policy';
import type { Register } from '../../register/db';
import { setReviewPolicy } from '../../register/review';
import * as d from '../../workflows/application/definitions';
import { handleApplication } from '../../workflows/application/handleApplication';
import { approveUpdate, stateQuery as reviewState, withdrawUpdate } from '../../workflows/review/definitions';
import { actorOf } from '../../testing/review-helpers';
import { SmtpCapture } from '../../testing/smtp';
import { settled, uniqueQueue } from '../../testing/temporal';
import { docxParagraphs } from '../activities/report-helpers';
import { keepHistory } from '../helpers/histories';
import { applicationBed, childStarted, startCase } from './application-bed';
import { advanceTo, waitForState, y28 } from './application-timeline';

jest.setTimeout(180_000);

let env: TestWorkflowEnvironment;
let plain: Client;
let db: Register;
let stop: (() => Promise<void>) | undefined;
const smtp = new SmtpCapture();
const taskQueue = uniqueQueue('application-notice-review');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-notice-review-'));
const handler = { actor: 'liu.yang' };

beforeAll(async () => {
  ({ env, db, plain, stop } = await applicationBed({ smtp, taskQueue, dataDir }));
});
afterAll(() => stop?.());

const start = (n: number, submittedOn: string, email = true) => startCase({ env, db, taskQueue }, n, submittedOn, email);

const started = (workflowId: string) => childStarted(env, workflowId);

const mailsTo = (address: string) => smtp.messages.filter((m) => m.envelopeTo.includes(address)).map((m) => m.parsed.subject ?? '');
const noticeText = (file: string) => docxParagraphs(fs.readFileSync(file)).join('\n');

async function refusedWith(run: () => Promise<unknown>, rule: RegExp) {
  const err = await run().then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  expect(((err as WorkflowUpdateFailedError).cause as Error).message).toMatch(rule);
}

test('with the notice policy off (the default), a 补正 notice goes out at once, as before', async () => {
  await advanceTo(env, y28('2026-12-01T02:00:00Z'));
  const c = await start(1, y28('2026-12-01'));
  const s = await c.handle.executeUpdate(d.requestCorrectionUpdate, { args: [{ ...handler, items: ['请写明文件名称'], periodWorkdays: 5 }] });
  expect(s.notices.map((n) => [n.kind, n.review])).toEqual([['receipt', undefined], ['correction', undefined]]);
  await settled(c.handle);
  expect(mailsTo('applicant1@test.local').some((x) => x.includes('补正'))).toBe(true);
  await c.handle.terminate('test over');
});

const reviewed: { id?: string; handle?: WorkflowHandle<typeof handleApplication> } = {};
const withdrawn: typeof reviewed = {};

test('policy on: the 补正 notice waits for its review; no email and no receipt until it is signed, then issued with the day it was signed', async () => {
  await setReviewPolicy(db, { ...defaultPolicy(NOTICE_CATEGORY)!, enabled: true }, 'admin', new Date().toISOString());
  Object.assign(reviewed, await start(2, y28('2026-12-01')));
  const h = reviewed.handle!;
  // The 登记回执 went out at once: 第三十一条's receipt is not held.
  expect(mailsTo('applicant2@test.local').some((x) => x.includes('回执') || x.includes('收到'))).toBe(true);
  let s = await h.executeUpdate(d.requestCorrectionUpdate, { args: [{ ...handler, items: ['请写明文件名称'], periodWorkdays: 5 }] });
  // The step stands at once: the clock pauses for the correction.
  expect(s.stage).toBe('awaitingCorrection');
  expect(s.notices[1]).toMatchObject({ kind: 'correction', review: { status: 'inReview', round: 1, workflowId: `application-${reviewed.id}-notice-correction-1` } });
  await refusedWith(() => h.executeUpdate(d.recordNoticeReceiptUpdate, { args: [{ ...handler, notice: 'correction', deliveredOn: y28('2026-12-01'), deliveredBy: 'direct' }] }), /补正申请告知书正在审核中，尚未发出/);

  const review = await started(`application-${reviewed.id}-notice-correction-1`);
  const item = await review.query(reviewState);
  expect(item).toMatchObject({ item: { category: '依申请公开告知书', author: 'liu.yang' } });
  expect(item!.versions[0].body).toContain('请写明文件名称');
  await settled(h);
  expect(mailsTo('applicant2@test.local').some((x) => x.includes('补正'))).toBe(false);

  // Signed the next working day by the 科室负责人.
  await advanceTo(env, y28('2026-12-02T02:00:00Z'));
  await review.executeUpdate(approveUpdate, { args: [{ actor: await actorOf(db, 'li.na') }] }).catch((e: Error & { cause?: Error }) => {
    // The one-stage review completes as it answers its last approval (see application.test.ts).
    if (!/completed before the Update completed/.test(e.cause?.message ?? '')) throw e;
  });
  s = await waitForState(h, (x) => x.notices[1].review?.status === 'issued');
  expect(s.notices[1]).toMatchObject({ date: y28('2026-12-02'), review: { approvedBy: ['li.na'] } });
  // The clock counts from the day it went out ('notice-issued-on'), and says it was sent after review.
  expect(s.events.find((e) => e.type === 'correctionRequested')).toMatchObject({ date: y28('2026-12-01'), issuedOn: y28('2026-12-02') });
  expect(s.clock!.steps.find((x) => x.article === '第三十条')!.text).toContain(`经审核于 ${y28('2026-12-02')} 发出`);
  const text = noticeText(s.notices[1].path);
  expect(text).toContain('请写明文件名称');
  expect(text).toContain(`${Number(y28('2026'))}年12月2日`);
  expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  await settled(h);
  const sent = smtp.messages.filter((m) => m.envelopeTo.includes('applicant2@test.local') && (m.parsed.subject ?? '').includes('补正'));
  expect(sent).toHaveLength(1);
  // The period as counted from the day it went out (2026-12-02 + 5 WD: Dec 3, 4, 7, 8, 9), not from the step's day.
  expect(sent[0].parsed.text).toContain(`请于${Number(y28('2026'))}年12月9日前补正`);
  const events = await db.selectFrom('application_events').select(['type', 'date']).where('application_id', '=', reviewed.id!).where('type', 'like', 'notice%').orderBy('at').execute();
  expect(events.map((e) => e.type)).toEqual(['noticeInReview', 'noticeIssued']);

  // Received before it was issued: refused; on the day it was signed: recorded.
  await refusedWith(() => h.executeUpdate(d.recordNoticeReceiptUpdate, { args: [{ ...handler, notice: 'correction', deliveredOn: y28('2026-12-01'), deliveredBy: 'direct' }] }), /不能早于发出之日/);
  s = await h.executeUpdate(d.recordNoticeReceiptUpdate, { args: [{ ...handler, notice: 'correction', deliveredOn: y28('2026-12-02'), deliveredBy: 'direct' }] });
  expect(s.notices[1].delivered).toEqual({ on: y28('2026-12-02'), by: 'direct' });
  await h.executeUpdate(d.correctionReceivedUpdate, { args: [handler] });
  await h.executeUpdate(d.decideUpdate, { args: [{ ...handler, decision: { outcome: 'granted', legalBasis: '《中华人民共和国政府信息公开条例》第三十六条第（二）项', provision: '以电子邮件方式提供' } }] });
  await waitForState(h, (x) => x.stage === 'awaitingDelivery');
  await h.executeUpdate(d.recordDeliveryUpdate, { args: [{ ...handler, method: 'email' }] });
  expect((await plain.workflow.getHandle<typeof handleApplication>(h.workflowId).result()).outcome).toBe('granted');
  await keepHistory(h, 'handleApplication.notice-reviewed');
});

test('a notice withdrawn from review goes back to the handler, who is told; sent again, its second round is approved', async () => {
  Object.assign(withdrawn, await start(3, y28('2026-12-02')));
  const h = withdrawn.handle!;
  await h.executeUpdate(d.askReasonsUpdate, { args: [handler] });
  const first = await started(`application-${withdrawn.id}-notice-art35-1`);
  await refusedWith(() => h.executeUpdate(d.resubmitNoticeUpdate, { args: [{ ...handler, key: 'art35' }] }), /只有未通过审核的告知书可以重新送审/);
  await first.executeUpdate(withdrawUpdate, { args: [{ actor: await actorOf(db, 'liu.yang'), reason: '理由写得不清楚' }] }).catch((e: Error & { cause?: Error }) => {
    if (!/completed before the Update completed/.test(e.cause?.message ?? '')) throw e;
  });
  let s = await waitForState(h, (x) => x.notices[1]?.review?.status === 'returned');
  expect(s.notices[1].review).toMatchObject({ round: 1, returned: '理由写得不清楚' });
  await settled(h);
  expect(mailsTo('liu.yang@demo.gongkai.local')).toContain(`政府信息公开申请 ${withdrawn.id} 的说明理由告知书未通过审核，尚未发出`);
  expect(mailsTo('applicant3@test.local').some((x) => x.includes('说明'))).toBe(false);
  await refusedWith(() => h.executeUpdate(d.resubmitNoticeUpdate, { args: [{ actor: 'li.na', key: 'art35' }] }), /承办人/);
  await refusedWith(() => h.executeUpdate(d.resubmitNoticeUpdate, { args: [{ ...handler, key: 'nope' }] }), /key：本案没有编号为“nope”的告知书/);

  s = await h.executeUpdate(d.resubmitNoticeUpdate, { args: [{ ...handler, key: 'art35' }] });
  expect(s.notices[1].review).toMatchObject({ status: 'inReview', round: 2 });
  const second = await started(`application-${withdrawn.id}-notice-art35-2`);
  await second.executeUpdate(approveUpdate, { args: [{ actor: await actorOf(db, 'li.na') }] }).catch((e: Error & { cause?: Error }) => {
    if (!/completed before the Update completed/.test(e.cause?.message ?? '')) throw e;
  });
  s = await waitForState(h, (x) => x.notices[1].review?.status === 'issued');
  expect(s.notices[1].review).toMatchObject({ round: 2, approvedBy: ['li.na'] });
  await settled(h);
  expect(mailsTo('applicant3@test.local').filter((x) => x.includes('说明'))).toHaveLength(1);
  await h.executeUpdate(d.setAgencyDeadlineUpdate, { args: [{ ...handler, due: y28('2027-02-26'), reason: '申请内容合理，需时整理' }] });
  await h.executeUpdate(d.decideUpdate, { args: [{ ...handler, decision: { outcome: 'granted', legalBasis: '《中华人民共和国政府信息公开条例》第三十六条第（二）项', provision: '以电子邮件方式提供' } }] });
  await waitForState(h, (x) => x.stage === 'awaitingDelivery');
  await h.executeUpdate(d.recordDeliveryUpdate, { args: [{ ...handler, method: 'email' }] });
  await plain.workflow.getHandle<typeof handleApplication>(h.workflowId).result();
  await keepHistory(h, 'handleApplication.notice-resubmitted');
});
