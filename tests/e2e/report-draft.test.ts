/**
 * The annual report on the dev server, started for a year with published items, applications, a fee and an appeal:
 * section 一 starts as a draft written from the register, every number of which is the register's; the narrative
 * check (C8) passes it, flags a planted mismatch with both numbers and blocks submission until it is corrected.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { organisationFile } from '../../domain/org';
import type { Register } from '../../register/db';
import { importOrganisation } from '../../register/org';
import { assembleAnnualReport } from '../../workflows/report/assembleAnnualReport';
import { editReportUpdate, reportStateQuery, signOffUpdate, submitReportUpdate, type ReportView } from '../../workflows/report/definitions';
import { keepHistory } from '../helpers/histories';
import { freshRegister } from '../../testing/register';
import { seedReportYear } from '../helpers/reportYear';
import { SmtpCapture } from '../../testing/smtp';
import { testActivities } from '../../testing/deps';
import { devServerEnv, testWorker, uniqueQueue } from '../../testing/temporal';

let env: TestWorkflowEnvironment;
let db: Register;
let worker: Worker;
let running: Promise<void>;
let expected: Awaited<ReturnType<typeof seedReportYear>>['expected'];
const smtp = new SmtpCapture();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-e2e-draft-'));
const taskQueue = uniqueQueue('report-draft');
const YEAR = 2025;

beforeAll(async () => {
  [env, db] = await Promise.all([devServerEnv(), freshRegister(), smtp.start()]);
  const org = organisationFile.parse(JSON.parse(fs.readFileSync(path.join(__dirname, '../../demo/organisation.json'), 'utf8')));
  await importOrganisation(db, org);
  ({ expected } = await seedReportYear(db, YEAR, 'draft'));
  worker = await testWorker(env, taskQueue, testActivities(db, smtp, { DATA_DIR: dataDir }));
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await Promise.all([env?.teardown(), db?.destroy(), smtp.stop()]);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function waitState(handle: { query: (q: typeof reportStateQuery) => Promise<ReportView> }, state: ReportView['state']): Promise<ReportView> {
  for (let i = 0; i < 300; i++) {
    const v = await handle.query(reportStateQuery).catch(() => null);
    if (v?.state === state) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the report never reached ${state}`);
}

const section2Csv = ['row,field,value', 'rules,issued,0', 'rules,repealed,0', 'rules,inForce,0', 'normativeDocs,issued,0', 'normativeDocs,repealed,0',
  'normativeDocs,inForce,0', 'licensing,decisions,0', 'penalties,decisions,0', 'coercion,decisions,0', 'fees,amountWan,0'].join('\n');

test('section 一 is drafted from the register, every number the register\'s; C8 flags a planted mismatch and blocks submission', async () => {
  const agencyCode = `D${randomUUID().slice(0, 6).replace(/-/g, '')}`;
  const handle = await env.client.workflow.start(assembleAnnualReport, {
    taskQueue, workflowId: `report-${agencyCode}-${YEAR}`,
    // A due date far ahead: no reminder or escalation fires, whatever today's date is.
    args: [{ agencyCode, agency: '测试市测试局', year: YEAR, editor: 'liu.yang', dueDate: '2099-01-31', review: 'signOff' }],
  });
  const view = await waitState(handle, 'awaitingInput');
  const draft = view.data!.section1;

  // Every number of the draft, in the template's order, is the register's (tests/helpers/reportYear.ts).
  const e = expected;
  expect(draft.match(/\d+/g)!.map(Number)).toEqual([
    YEAR,
    e.publishedTotal, e.publishedByColumn['工作动态'], e.publishedByColumn['通知公告'],
    e.received, e.carriedOver, e.concluded, e.onTime, e.carriedForward,
    e.reconsideration, e.upheld, 0, 0, 0, // 结果维持, 结果纠正, 其他结果, 尚未审结
    e.litigation,
    e.reviewed, e.returned, e.retracted,
    e.feesYuan,
  ]);
  expect(draft).toContain('工作动态3条、通知公告2条');
  expect(draft).toContain(e.channels[0]);
  // The draft is a section like any other: not missing, and it passes every check, C8 included (section 二 is
  // still blank: C6 says so until the editor fills it in).
  expect(view.missing).not.toContain('section1');
  expect(view.failures.filter((f) => f.section !== '二')).toEqual([]);
  expect(view.failures.map((f) => f.check)).toEqual(expect.arrayContaining(['C6']));

  // A planted mismatch: the narrative says 2 reconsiderations, section 四 says 1.
  const planted = draft.replace(`行政复议${e.reconsideration}件`, `行政复议${e.reconsideration + 1}件`);
  expect(planted).not.toBe(draft);
  const edited = await handle.executeUpdate(editReportUpdate, { args: [{ actor: 'liu.yang', section1: planted, section2Csv, section5: '无。', section6: '无其他需要报告的事项。' }] });
  expect(edited.failures).toEqual([expect.objectContaining({ check: 'C8', section: '一', row: 'reconsideration.total', actual: e.reconsideration + 1, expected: e.reconsideration })]);
  expect(edited.missing).toEqual([]);
  const refused = await handle.executeUpdate(submitReportUpdate, { args: [{ actor: 'liu.yang' }] }).then(() => null, (err: Error) => err);
  expect(refused).not.toBeNull();
  expect(String((refused as { cause?: { message?: string } }).cause?.message)).toMatch(new RegExp(`C8 第一部分：.*为 ${e.reconsideration + 1}，第四部分「行政复议」总计为 ${e.reconsideration}`));

  // A fee the register does not know is caught too (section 六 and the register's 信息处理费).
  const fee = await handle.executeUpdate(editReportUpdate, { args: [{ actor: 'liu.yang', section1: draft, section6: `本年度收取信息处理费${e.feesYuan + 50}元。` }] });
  expect(fee.failures.map((f) => [f.check, f.section, f.row, f.actual, f.expected])).toEqual([['C8', '六', 'fees', e.feesYuan + 50, e.feesYuan]]);

  // Corrected, the editor submits: the draft was edited and submitted by the editor, never published on its own.
  await handle.executeUpdate(editReportUpdate, { args: [{ actor: 'liu.yang', section6: '无其他需要报告的事项。' }] });
  expect((await handle.executeUpdate(submitReportUpdate, { args: [{ actor: 'liu.yang' }] })).state).toBe('review');
  await handle.executeUpdate(signOffUpdate, { args: [{ actor: { id: 'chen.jing', groups: ['agency-head'] }, approve: true }] });
  const result = await handle.result();
  expect(result.files.map((f) => f.format).sort()).toEqual(['docx', 'html']);
  await keepHistory(handle, 'assembleAnnualReport.narrative-checked');
});
