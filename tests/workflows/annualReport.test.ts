import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { dueAttr, kindAttr, statusAttr } from '../../workflows/searchAttributes';
import { organisationFile } from '../../domain/org';
import { importOrganisation } from '../../register/org';
import type { Register } from '../../register/db';
import { assembleFromRegister, getReport, saveReport } from '../../register/report';
import { assembleAnnualReport } from '../../workflows/report/assembleAnnualReport';
import {
  editReportUpdate, reportStateQuery, signOffUpdate, submitReportUpdate, type AssembleAnnualReportInput, type ReportView,
} from '../../workflows/report/definitions';
import { approveUpdate, stateQuery as reviewStateQuery } from '../../workflows/review/definitions';
import { insertCases, insertPublications } from '../../bench/reportSeed';
import { freshRegister } from '../../testing/register';
import { SmtpCapture } from '../../testing/smtp';
import { testActivities } from '../../testing/deps';
import { keepHistory } from '../helpers/histories';
import { endWhenSettled, testWorker, timeSkippingEnv, uniqueQueue } from '../../testing/temporal';

let env: TestWorkflowEnvironment;
let db: Register;
const smtp = new SmtpCapture();
const dataDir = path.join(os.tmpdir(), `gongkai-report-${randomUUID()}`);
const YEAR = 2025;

const actor = (id: string, groups: string[]) => ({ id, groups, roles: ['reviewer'] });
const checklist = { noStateSecrets: true, noPersonalData: true, noTradeSecrets: true, proactiveDisclosure: true } as const;
const narratives = { section1: '一、总体情况：本年主动公开信息5条。', section5: '五、存在的主要问题及改进情况：无。', section6: '六、其他需要报告的事项：无。' };
const section2Csv = (fees: string) => `row,field,value
rules,issued,0
rules,repealed,0
rules,inForce,0
normativeDocs,issued,1
normativeDocs,repealed,0
normativeDocs,inForce,3
licensing,decisions,23
penalties,decisions,0
coercion,decisions,0
fees,amountWan,${fees}`;

beforeAll(async () => {
  [env, db] = await Promise.all([timeSkippingEnv(), freshRegister(), smtp.start()]);
  const org = organisationFile.parse(JSON.parse(fs.readFileSync(path.join(__dirname, '../../demo/organisation.json'), 'utf8')));
  await importOrganisation(db, org);
  // The year's register: 5 items published, 3 applications (one still open on 31 December), one appeal.
  await insertPublications(db, YEAR, { 工作动态: 3, 通知公告: 2 }, 'wf');
  const ids = await insertCases(db, [
    { applicantColumn: 'naturalPerson', receivedDate: `${YEAR}-03-02`, closedDate: `${YEAR}-03-20`, outcome: 'granted' },
    { applicantColumn: 'commercial', receivedDate: `${YEAR}-06-10`, closedDate: `${YEAR}-07-01`, outcome: 'unavailable.notHeld' },
    { applicantColumn: 'naturalPerson', receivedDate: `${YEAR}-12-20`, closedDate: null, outcome: null },
  ], 'WF');
  await db.insertInto('appeals').values({ id: 'wf-appeal', application_id: ids[1], kind: 'reconsideration', filed_date: `${YEAR}-08-01`, concluded_date: `${YEAR}-10-01`, result: 'upheld', note: null }).execute();
});
afterAll(async () => {
  await Promise.all([env?.teardown(), db?.destroy(), smtp.stop()]);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function dueIn(days: number): Promise<string> {
  const now = await env.currentTimeMs();
  return new Date(now + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

async function waitState(handle: { query: (q: typeof reportStateQuery) => Promise<ReportView> }, state: ReportView['state']): Promise<ReportView> {
  for (let i = 0; i < 200; i++) {
    const v = await handle.query(reportStateQuery);
    if (v.state === state) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the report never reached ${state}`);
}

const mailsTo = (subjectPart: string) => smtp.messages.filter((m) => (m.parsed.subject ?? '').includes(subjectPart));

test('assembly, manual input, a failed check corrected, review by four people through reviewItem, publication before the due date', async () => {
  const taskQueue = uniqueQueue('report');
  const worker = await testWorker(env, taskQueue, testActivities(db, smtp, { DATA_DIR: dataDir }));
  const agencyCode = `R${randomUUID().slice(0, 6).replace(/-/g, '')}`;
  const input: AssembleAnnualReportInput = { agencyCode, agency: '测试市测试局', year: YEAR, editor: 'liu.yang', dueDate: await dueIn(20) };
  const id = `report-${agencyCode}-${YEAR}`;
  const result = await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(assembleAnnualReport, { taskQueue, workflowId: id, args: [input] });
    // Assembled from the register.
    await waitState(handle, 'awaitingInput');
    let view = await handle.executeUpdate(editReportUpdate, { args: [{ actor: 'liu.yang', ...narratives }] });
    expect(view.state).toBe('awaitingInput');
    expect(view.section1Counts).toEqual({ 工作动态: 3, 通知公告: 2 });
    expect(view.data!.section3.received).toEqual([2, 1, 0, 0, 0, 0, 3]);
    expect(view.data!.section3.granted[6]).toBe(1);
    expect(view.data!.section3['unavailable.notHeld'][1]).toBe(1);
    expect(view.data!.section3.carriedForward).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(view.data!.section4.reconsideration).toEqual([1, 0, 0, 0, 1]);
    expect(view.missing).toEqual(expect.arrayContaining(['section2.licensing.decisions', 'section2.fees.amountWan']));
    // Submitting with parts missing is refused.
    await expect(handle.executeUpdate(submitReportUpdate, { args: [{ actor: 'liu.yang' }] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    // Someone else cannot edit.
    await expect(handle.executeUpdate(editReportUpdate, { args: [{ actor: 'zhang.wei', section5: 'x' }] })).rejects.toMatchObject({ cause: { type: 'Refused' } });
    // Section 二 imported as CSV with a negative fee: the check C6 fails, submission is refused, the failure is shown.
    view = await handle.executeUpdate(editReportUpdate, { args: [{ actor: 'liu.yang', section2Csv: section2Csv('-1') }] });
    expect(view.missing).toEqual([]);
    expect(view.failures).toEqual([expect.objectContaining({ check: 'C6', section: '二', row: 'fees', column: 'amountWan' })]);
    const refused = await handle.executeUpdate(submitReportUpdate, { args: [{ actor: 'liu.yang' }] }).catch((e: WorkflowUpdateFailedError) => e);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refused as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'Refused' });
    expect(String((refused as WorkflowUpdateFailedError).cause?.message)).toContain('第二部分 行政事业性收费 · 本年收费金额（单位：万元）');
    expect((await handle.query(reportStateQuery)).state).toBe('awaitingInput');
    // Corrected, then submitted.
    view = await handle.executeUpdate(editReportUpdate, { args: [{ actor: 'liu.yang', section2Csv: 'fees,amountWan,0' }] });
    expect(view.failures).toEqual([]);
    view = await handle.executeUpdate(submitReportUpdate, { args: [{ actor: 'liu.yang' }] });
    expect(view.state).toBe('review');
    // Review by the category's policy: 初审, 复审 (保密审查), 终审, and the agency head's sign-off.
    const review = env.client.workflow.getHandle(`${id}-review-1`);
    const waitStage = async (stage: string) => {
      for (let i = 0; i < 100; i++) {
        const s = await review.query(reviewStateQuery).catch(() => null);
        if (s && s.status === 'review' && s.policy.stages[s.stageIndex].key === stage) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`review never reached ${stage}`);
    };
    await waitStage('first');
    await review.executeUpdate(approveUpdate, { args: [{ actor: actor('li.na', ['section-heads']) }] });
    await waitStage('second');
    await review.executeUpdate(approveUpdate, { args: [{ actor: actor('wang.fang', ['office']), checklist }] });
    await waitStage('final');
    await review.executeUpdate(approveUpdate, { args: [{ actor: actor('zhao.lei', ['leaders']) }] });
    await waitStage('head');
    await review.executeUpdate(approveUpdate, { args: [{ actor: actor('chen.jing', ['agency-head', 'leaders']) }] });
    return handle.result();
  });
  expect(result.late).toBe(false);
  expect(result.files.map((f) => f.format)).toEqual(['html', 'docx']);
  for (const f of result.files) expect(fs.existsSync(f.path)).toBe(true);
  expect(fs.readFileSync(result.files[0].path, 'utf8')).toContain('测试市测试局2025年政府信息公开工作年度报告');
  expect(fs.readFileSync(result.files[1].path).subarray(0, 2).toString()).toBe('PK'); // a zip: the DOCX
  const pub = await db.selectFrom('publications').selectAll().where('item_id', '=', id).executeTakeFirstOrThrow();
  expect(pub.category).toBe('政府信息公开年度报告');
  const row = await getReport(db, id);
  expect(row).toMatchObject({ state: 'published', year: YEAR, agency_code: agencyCode });
  expect(JSON.parse(row!.data).section2.licensing).toEqual({ decisions: 23 });
  // Nothing was late: no escalation for this report.
  expect(mailsTo('督办').filter((m) => m.parsed.text?.includes(input.dueDate))).toHaveLength(0);
  expect(mailsTo('已发布').length).toBeGreaterThanOrEqual(1);
});

test('late: reminders counted back from the due date, escalation to the supervisors before and after it, then the agency head signs off', async () => {
  const taskQueue = uniqueQueue('report');
  const worker = await testWorker(env, taskQueue, testActivities(db, smtp, { DATA_DIR: dataDir }));
  const agencyCode = `L${randomUUID().slice(0, 6).replace(/-/g, '')}`;
  const dueDate = await dueIn(10);
  const id = `report-${agencyCode}-${YEAR}`;
  const before = smtp.messages.length;
  const input: AssembleAnnualReportInput = {
    agencyCode, agency: '测试市迟报局', year: YEAR, editor: 'liu.yang', dueDate, reminderDaysBefore: [7, 1], escalateDaysBefore: 2, review: 'signOff',
  };
  const result = await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(assembleAnnualReport, { taskQueue, workflowId: id, args: [input] });
    await waitState(handle, 'awaitingInput');
    await env.sleep('12 days'); // past the due date without input
    await smtp.waitFor(before + 4);
    const mine = smtp.messages.slice(before).filter((m) => (m.parsed.subject ?? '').includes('年度报告'));
    const reminders = mine.filter((m) => m.parsed.subject!.startsWith('【提醒】'));
    const escalations = mine.filter((m) => m.parsed.subject!.startsWith('【督办】'));
    expect(reminders.map((m) => m.parsed.subject)).toEqual([
      expect.stringContaining('还有7天'),
      expect.stringContaining('还有1天'),
    ]);
    expect(reminders.every((m) => m.envelopeTo.includes('liu.yang@demo.gongkai.local'))).toBe(true);
    expect(escalations.map((m) => m.parsed.subject)).toEqual([expect.stringContaining('将于2天后到期'), expect.stringContaining('已超过发布期限')]);
    // The supervisors (role supervisor: zhou.min, admin), with the editor in copy.
    expect(escalations[0].envelopeTo).toEqual(expect.arrayContaining(['zhou.min@demo.gongkai.local', 'admin@demo.gongkai.local', 'liu.yang@demo.gongkai.local']));
    await handle.executeUpdate(editReportUpdate, { args: [{ actor: 'liu.yang', ...narratives, section2Csv: section2Csv('0') }] });
    await handle.executeUpdate(submitReportUpdate, { args: [{ actor: 'liu.yang' }] });
    // Only the agency head signs; a return needs a reason and sends it back to the editor.
    await expect(handle.executeUpdate(signOffUpdate, { args: [{ actor: { id: 'zhao.lei', groups: ['leaders'] }, approve: true }] })).rejects.toMatchObject({ cause: { type: 'Refused' } });
    await handle.executeUpdate(signOffUpdate, { args: [{ actor: { id: 'chen.jing', groups: ['agency-head'] }, approve: false, reason: '请补充第五部分' }] });
    const v = await waitState(handle, 'awaitingInput');
    expect(v.notice).toContain('请补充第五部分');
    await handle.executeUpdate(editReportUpdate, { args: [{ actor: 'liu.yang', section5: '五、存在的问题：信息更新不够及时。改进：专人负责。' }] });
    await handle.executeUpdate(submitReportUpdate, { args: [{ actor: 'liu.yang' }] });
    await handle.executeUpdate(signOffUpdate, { args: [{ actor: { id: 'chen.jing', groups: ['agency-head'] }, approve: true }] });
    return handle.result();
  });
  expect(result.late).toBe(true);
  expect(result.dueDate).toBe(dueDate);
  expect((await getReport(db, id))?.state).toBe('published');
});

/** Last year's report of `agencyCode` in the register (the reports table), with 四 (carried forward) as given. */
async function previousYearReport(agencyCode: string, carriedForward: number[], published: boolean): Promise<void> {
  const { data, section1Counts } = await assembleFromRegister(db, { agency: '测试市测试局', year: YEAR - 1 });
  data.section3.carriedForward = carriedForward;
  data.section3.received = carriedForward; // 一 + 二 = 三 + 四 holds for last year too
  await saveReport(db, {
    id: `report-${agencyCode}-${YEAR - 1}`, agencyCode, year: YEAR - 1, format: data.format, state: published ? 'published' : 'awaitingInput', data, section1Counts,
    manual: {}, failures: [], files: [], dueDate: `${YEAR}-01-31`, publishedAt: published ? `${YEAR}-01-20T02:00:00.000Z` : null,
  }, new Date().toISOString());
}

async function attrs(handle: { describe: () => Promise<{ typedSearchAttributes: { get: (k: never) => unknown } }> }) {
  const { typedSearchAttributes: t } = await handle.describe();
  return { kind: t.get(kindAttr as never), status: t.get(statusAttr as never), due: t.get(dueAttr as never) };
}

test('search attributes GongkaiKind, GongkaiStatus on each state change and GongkaiDue; C4 against last year\'s published report holds', async () => {
  const taskQueue = uniqueQueue('report');
  const worker = await testWorker(env, taskQueue, testActivities(db, smtp, { DATA_DIR: dataDir }));
  const agencyCode = `S${randomUUID().slice(0, 6).replace(/-/g, '')}`;
  // Last year's 四 is this year's 二 (nothing open on 1 January YEAR in the register): C4 holds.
  await previousYearReport(agencyCode, [0, 0, 0, 0, 0, 0, 0], true);
  const dueDate = await dueIn(20);
  const id = `report-${agencyCode}-${YEAR}`;
  const input: AssembleAnnualReportInput = { agencyCode, agency: '测试市测试局', year: YEAR, editor: 'liu.yang', dueDate, review: 'signOff' };
  const due = new Date(`${dueDate}T23:59:59+08:00`);
  const handle = await env.client.workflow.start(assembleAnnualReport, { taskQueue, workflowId: id, args: [input] });
  await worker.runUntil(async () => {
    await waitState(handle, 'awaitingInput');
    expect(await attrs(handle)).toEqual({ kind: 'report', status: 'awaitingInput', due });
    const view = await handle.executeUpdate(editReportUpdate, { args: [{ actor: 'liu.yang', ...narratives, section2Csv: section2Csv('0') }] });
    expect(view.failures).toEqual([]);
    await handle.executeUpdate(submitReportUpdate, { args: [{ actor: 'liu.yang' }] });
    expect(await attrs(handle)).toEqual({ kind: 'report', status: 'review', due });
    // Returned: back to the editor, and the status follows.
    await handle.executeUpdate(signOffUpdate, { args: [{ actor: { id: 'chen.jing', groups: ['agency-head'] }, approve: false, reason: '请核对' }] });
    await waitState(handle, 'awaitingInput');
    expect((await attrs(handle)).status).toBe('awaitingInput');
    await handle.executeUpdate(submitReportUpdate, { args: [{ actor: 'liu.yang' }] });
    await handle.executeUpdate(signOffUpdate, { args: [{ actor: { id: 'chen.jing', groups: ['agency-head'] }, approve: true }] });
    await handle.result();
  });
  expect(await attrs(handle)).toEqual({ kind: 'report', status: 'published', due });
  // The attributes carry no personal data: not the editor, not the agency head.
  const { searchAttributes } = await handle.describe();
  expect(JSON.stringify(searchAttributes)).not.toMatch(/liu\.yang|chen\.jing/);
  await keepHistory(handle, 'assembleAnnualReport.signed-after-register');
});

test('C4: last year\'s report in the register carried cases forward that this year does not carry over: the failure is shown and submission refused', async () => {
  const taskQueue = uniqueQueue('report');
  const worker = await testWorker(env, taskQueue, testActivities(db, smtp, { DATA_DIR: dataDir }));
  const agencyCode = `C${randomUUID().slice(0, 6).replace(/-/g, '')}`;
  // Not yet published, but with data: its 四 says one natural person's case was carried into YEAR.
  await previousYearReport(agencyCode, [1, 0, 0, 0, 0, 0, 1], false);
  const id = `report-${agencyCode}-${YEAR}`;
  const input: AssembleAnnualReportInput = { agencyCode, agency: '测试市测试局', year: YEAR, editor: 'liu.yang', dueDate: await dueIn(20), review: 'signOff' };
  const handle = await env.client.workflow.start(assembleAnnualReport, { taskQueue, workflowId: id, args: [input] });
  await worker.runUntil(async () => {
    await waitState(handle, 'awaitingInput');
    const view = await handle.executeUpdate(editReportUpdate, { args: [{ actor: 'liu.yang', ...narratives, section2Csv: section2Csv('0') }] });
    expect(view.missing).toEqual([]);
    expect(view.failures).toEqual([
      expect.objectContaining({ check: 'C4', section: '三', row: 'carriedOver', column: 'naturalPerson', expected: 1, actual: 0 }),
      expect.objectContaining({ check: 'C4', section: '三', row: 'carriedOver', column: 'total', expected: 1, actual: 0 }),
    ]);
    const refused = await handle.executeUpdate(submitReportUpdate, { args: [{ actor: 'liu.yang' }] }).catch((e: WorkflowUpdateFailedError) => e);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refused as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'Refused' });
    expect(String((refused as WorkflowUpdateFailedError).cause?.message)).toContain('C4');
    // The register's row shows the failure too.
    const row = await getReport(db, id);
    expect(JSON.parse(row!.failures)).toEqual([expect.objectContaining({ check: 'C4' }), expect.objectContaining({ check: 'C4' })]);
    await endWhenSettled(handle, 'terminate');
  });
});
