/**
 * Issue 16: the annual report continues as new before its history grows too long, while the editor works on it.
 * Forced with a small threshold (`continueAsNewAfterEvents`, tests only): edits grow the first run's history until
 * it continues; the next run, on the same workflow ID, shows the same report, sends the reminders still to come
 * (and not the one already sent), takes edits, the submission and the sign-off, and publishes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { organisationFile } from '../../domain/org';
import { importOrganisation } from '../../register/org';
import type { Register } from '../../register/db';
import { getReport } from '../../register/report';
import { assembleAnnualReport, CONTINUE_AS_NEW_AFTER_EVENTS } from '../../workflows/report/assembleAnnualReport';
import { editReportUpdate, reportStateQuery, signOffUpdate, submitReportUpdate, type AssembleAnnualReportInput, type ReportView } from '../../workflows/report/definitions';
import { freshRegister } from '../../testing/register';
import { SmtpCapture } from '../../testing/smtp';
import { testActivities } from '../../testing/deps';
import { keepHistory } from '../helpers/histories';
import { testWorker, timeSkippingEnv, uniqueQueue } from '../../testing/temporal';

jest.setTimeout(180_000);

let env: TestWorkflowEnvironment;
let db: Register;
const smtp = new SmtpCapture();
const dataDir = path.join(os.tmpdir(), `gongkai-report-continue-${randomUUID()}`);
const YEAR = 2025;
const CONTINUED = temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW;
/**
 * A fresh report has 40 to 70 events once assembled and its first reminder sent (how many days the time-skipping
 * server wakes it for on the way varies); a few edits (about 10 each) pass this.
 */
const THRESHOLD = 100;
/** What one step adds after the threshold is passed before the run ends. */
const ONE_STEP = 25;
const narratives = { section1: '一、总体情况：本年主动公开信息0条。', section6: '六、其他需要报告的事项：无。' };
const section2Csv = `row,field,value
rules,issued,0
rules,repealed,0
rules,inForce,0
normativeDocs,issued,1
normativeDocs,repealed,0
normativeDocs,inForce,3
licensing,decisions,23
penalties,decisions,0
coercion,decisions,0
fees,amountWan,0`;

beforeAll(async () => {
  [env, db] = await Promise.all([timeSkippingEnv(), freshRegister(), smtp.start()]);
  const org = organisationFile.parse(JSON.parse(fs.readFileSync(path.join(__dirname, '../../demo/organisation.json'), 'utf8')));
  await importOrganisation(db, org);
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

test('the production threshold leaves room below the 2,000 events of issue 16', () => {
  expect(CONTINUE_AS_NEW_AFTER_EVENTS + ONE_STEP).toBeLessThan(2000);
});

test('a report continues as new past its threshold while the editor works: same report, reminders once each, then review and publication', async () => {
  const taskQueue = uniqueQueue('report-continue');
  const worker = await testWorker(env, taskQueue, testActivities(db, smtp, { DATA_DIR: dataDir }));
  const agencyCode = `C${randomUUID().slice(0, 6).replace(/-/g, '')}`;
  const dueDate = await dueIn(10);
  const id = `report-${agencyCode}-${YEAR}`;
  const before = smtp.messages.length;
  const input: AssembleAnnualReportInput = {
    agencyCode, agency: '测试市续跑局', year: YEAR, editor: 'liu.yang', dueDate, reminderDaysBefore: [7, 1], escalateDaysBefore: 2, review: 'signOff',
    continueAsNewAfterEvents: THRESHOLD,
  };
  const subjects = () => smtp.messages.slice(before).map((m) => m.parsed.subject ?? '').filter((s) => s.includes('年度报告'));

  await worker.runUntil(async () => {
    const started = await env.client.workflow.start(assembleAnnualReport, { taskQueue, workflowId: id, args: [input] });
    const firstRunId = started.firstExecutionRunId;
    const handle = env.client.workflow.getHandle<typeof assembleAnnualReport>(id);
    await waitState(handle, 'awaitingInput');
    // The reminder 7 days before the due date comes in the first run.
    await env.sleep('4 days');
    await smtp.waitFor(before + 1);
    expect(subjects()).toEqual([expect.stringContaining('还有7天')]);

    // Edits until the first run continues as new: it is still below the threshold before the first.
    const beforeEdits = (await handle.fetchHistory()).events?.length ?? 0;
    expect(beforeEdits).toBeLessThan(THRESHOLD);
    let last: ReportView | null = null;
    let edits = 0;
    while ((await handle.describe()).runId === firstRunId) {
      if (edits >= 20) throw new Error('the report did not continue as new after 20 edits');
      last = await handle.executeUpdate(editReportUpdate, { args: [{ actor: 'liu.yang', section5: `五、存在的主要问题及改进情况：第${edits + 1}稿。` }] });
      edits += 1;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(edits).toBeGreaterThanOrEqual(1);
    const first = (await env.client.workflow.getHandle(id, firstRunId).fetchHistory()).events ?? [];
    expect(first[first.length - 1].eventType).toBe(CONTINUED);
    expect(first.length).toBeGreaterThanOrEqual(THRESHOLD);
    expect(first.length).toBeLessThan(THRESHOLD + ONE_STEP);

    // The next run shows the report as the last edit left it.
    const after = await handle.query(reportStateQuery);
    expect(after).toEqual(last);
    expect(after.data!.section5).toBe(`五、存在的主要问题及改进情况：第${edits}稿。`);
    const saved = (await getReport(db, id))?.data;
    expect((typeof saved === 'string' ? JSON.parse(saved) : saved).section5).toBe(after.data!.section5);

    // Past the due date: the alarms still to come are sent by the next run, the first reminder not again.
    await env.sleep('8 days');
    await smtp.waitFor(before + 4);
    expect(subjects()).toEqual([
      expect.stringContaining('还有7天'),
      expect.stringContaining('将于2天后到期'),
      expect.stringContaining('还有1天'),
      expect.stringContaining('已超过发布期限'),
    ]);

    // Edits, the submission and the sign-off after the continuation; the report is published.
    await handle.executeUpdate(editReportUpdate, { args: [{ actor: 'liu.yang', ...narratives, section2Csv }] });
    await handle.executeUpdate(submitReportUpdate, { args: [{ actor: 'liu.yang' }] });
    await handle.executeUpdate(signOffUpdate, { args: [{ actor: { id: 'chen.jing', groups: ['agency-head'] }, approve: true }] });
    const result = await handle.result();
    expect(result.late).toBe(true);
    expect((await getReport(db, id))?.state).toBe('published');
    await keepHistory(env.client.workflow.getHandle(id, firstRunId), 'assembleAnnualReport.continued-as-new');
    await keepHistory(handle, 'assembleAnnualReport.continued-run');
  });
});
