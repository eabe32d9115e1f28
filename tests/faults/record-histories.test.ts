/**
 * assembleAnnualReport's main path (and the reviewItem child it starts), run on the time-skipping server and kept
 * as replay fixtures under tests/replay/histories/ when recording (`RECORD_HISTORIES=1 npx jest
 * tests/faults/record-histories`); tests/workflows/annualReport.test.ts does not keep its histories. reviewItem's
 * own paths are recorded by tests/workflows/reviewItem*.test.ts. Without RECORD_HISTORIES the path still runs and
 * its outcome is asserted, so the fixture's path stays real.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Actor } from '../../domain/review';
import type { Register } from '../../register/db';
import { approveUpdate, stateQuery } from '../../workflows/review/definitions';
import { assembleAnnualReport } from '../../workflows/report/assembleAnnualReport';
import { editReportUpdate, reportStateQuery, submitReportUpdate } from '../../workflows/report/definitions';
import { insertCases, insertPublications } from '../../bench/reportSeed';
import { keepHistory } from '../helpers/histories';
import { freshRegister } from '../../testing/register';
import { SmtpCapture } from '../../testing/smtp';
import { testActivities } from '../../testing/deps';
import { testWorker, timeSkippingEnv, uniqueQueue } from '../../testing/temporal';
import { checklist, importDemoOrg } from '../../testing/review-helpers';

let env: TestWorkflowEnvironment;
let db: Register;
const smtp = new SmtpCapture();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-record-'));
const YEAR = 2025;

beforeAll(async () => {
  [env, db] = await Promise.all([timeSkippingEnv(), freshRegister(), smtp.start()]);
  await importDemoOrg(db);
});
afterAll(async () => {
  await Promise.all([env?.teardown(), db?.destroy(), smtp.stop()]);
});

async function setup(): Promise<{ worker: Worker; taskQueue: string }> {
  const taskQueue = uniqueQueue('record');
  return { worker: await testWorker(env, taskQueue, testActivities(db, smtp, { DATA_DIR: dataDir })), taskQueue };
}

test('assembleAnnualReport.reviewed: assembly, manual parts, review child by four people, publication', async () => {
  const { worker, taskQueue } = await setup();
  await insertPublications(db, YEAR, { 工作动态: 2, 通知公告: 1 }, 'rec');
  await insertCases(db, [{ applicantColumn: 'naturalPerson', receivedDate: `${YEAR}-03-02`, closedDate: `${YEAR}-03-20`, outcome: 'granted' }], 'REC');
  const agencyCode = `R${randomUUID().slice(0, 6).replace(/-/g, '')}`;
  const now = await env.currentTimeMs();
  const dueDate = new Date(now + 8 * 3_600_000 + 20 * 86_400_000).toISOString().slice(0, 10);
  // The replay suite replays a fixture under its file name as workflow ID, and the child's ID derives from the
  // parent's: the workflow runs under the fixture's name.
  const id = 'assembleAnnualReport.reviewed';
  const a = (uid: string, groups: string[]): Actor => ({ id: uid, groups, roles: ['reviewer'] });
  const { handle, review } = await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(assembleAnnualReport, { taskQueue, workflowId: id, args: [{ agencyCode, agency: '测试市测试局', year: YEAR, editor: 'liu.yang', dueDate }] });
    for (let i = 0; i < 200 && (await handle.query(reportStateQuery)).state !== 'awaitingInput'; i++) await new Promise((r) => setTimeout(r, 100));
    await handle.executeUpdate(editReportUpdate, {
      args: [{ actor: 'liu.yang', section1: '一、总体情况：本年主动公开信息3条。', section5: '五、存在的主要问题及改进情况：无。', section6: '六、其他需要报告的事项：无。' }],
    });
    const csv = ['row,field,value', 'rules,issued,0', 'rules,repealed,0', 'rules,inForce,0', 'normativeDocs,issued,1', 'normativeDocs,repealed,0',
      'normativeDocs,inForce,3', 'licensing,decisions,23', 'penalties,decisions,0', 'coercion,decisions,0', 'fees,amountWan,0'].join('\n');
    await handle.executeUpdate(editReportUpdate, { args: [{ actor: 'liu.yang', section2Csv: csv }] });
    expect((await handle.executeUpdate(submitReportUpdate, { args: [{ actor: 'liu.yang' }] })).state).toBe('review');
    const review = env.client.workflow.getHandle(`${id}-review-1`);
    const waitStage = async (stage: string) => {
      for (let i = 0; i < 100; i++) {
        const s = await review.query(stateQuery).catch(() => null);
        if (s && s.status === 'review' && s.policy.stages[s.stageIndex].key === stage) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`review never reached ${stage}`);
    };
    await waitStage('first');
    await review.executeUpdate(approveUpdate, { args: [{ actor: a('li.na', ['section-heads']) }] });
    await waitStage('second');
    await review.executeUpdate(approveUpdate, { args: [{ actor: a('wang.fang', ['office']), checklist }] });
    await waitStage('final');
    await review.executeUpdate(approveUpdate, { args: [{ actor: a('zhao.lei', ['leaders']) }] });
    await waitStage('head');
    await review.executeUpdate(approveUpdate, { args: [{ actor: a('chen.jing', ['agency-head', 'leaders']) }] });
    expect(await handle.result()).toMatchObject({ late: false });
    return { handle, review };
  });
  await keepHistory(handle, 'assembleAnnualReport.reviewed');
  await keepHistory(review, 'reviewItem.report-child');
});
