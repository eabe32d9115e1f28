/**
 * The annual report's Temporal Schedule on the dev server: ensureAnnualReportSchedule creates it and is idempotent;
 * a trigger runs launchAnnualReport, which starts report-<code>-<last year>; a second trigger starts no second report.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ScheduleHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Register } from '../../register/db';
import { annualReportScheduleId, ensureAnnualReportSchedule } from '../../worker/schedules';
import { reportStateQuery } from '../../workflows/report/definitions';
import { freshRegister } from '../../testing/register';
import { SmtpCapture } from '../../testing/smtp';
import { testActivities, testConfig } from '../../testing/deps';
import { devServerEnv, testWorker, uniqueQueue } from '../../testing/temporal';

let env: TestWorkflowEnvironment;
let db: Register;
let worker: Worker;
let running: Promise<void>;
const smtp = new SmtpCapture();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-e2e-schedule-'));
const taskQueue = uniqueQueue('report-schedule');
const agencyCode = `Q${randomUUID().slice(0, 6).replace(/-/g, '')}`;
const overrides = { TEMPORAL_TASK_QUEUE: taskQueue, AGENCY_CODE: agencyCode, REPORT_EDITOR: 'liu.yang', DATA_DIR: dataDir };

beforeAll(async () => {
  [env, db] = await Promise.all([devServerEnv(), freshRegister(), smtp.start()]);
  worker = await testWorker(env, taskQueue, testActivities(db, smtp, overrides));
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await Promise.all([env?.teardown(), db?.destroy(), smtp.stop()]);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The result of the schedule's n-th action (a launchAnnualReport run), once it has finished. */
async function launchResult(schedule: ScheduleHandle, n: number): Promise<{ workflowId: string; started: boolean }> {
  const action = await until(`schedule action ${n}`, async () => (await schedule.describe()).info.recentActions[n - 1]?.action);
  const handle = env.client.workflow.getHandle(action.workflow.workflowId, action.workflow.firstExecutionRunId);
  expect((await handle.describe()).type).toBe('launchAnnualReport');
  return handle.result() as Promise<{ workflowId: string; started: boolean }>;
}

test('the schedule is created once, updated in place, and a trigger starts last year\'s report exactly once', async () => {
  const config = testConfig(overrides);
  expect(await ensureAnnualReportSchedule(env.client, config)).toBe('created');
  const schedule = env.client.schedule.getHandle(annualReportScheduleId(agencyCode));
  const first = await schedule.describe();
  expect(first.spec.calendars).toEqual([expect.objectContaining({ month: [{ start: 'JANUARY', end: 'JANUARY', step: 1 }], dayOfMonth: [{ start: 4, end: 4, step: 1 }], hour: [{ start: 9, end: 9, step: 1 }] })]);
  expect(first.spec.timezone).toBe('Asia/Shanghai');
  expect(first.action).toMatchObject({ type: 'startWorkflow', workflowType: 'launchAnnualReport', taskQueue });

  // Idempotent: a second start-up updates the same schedule to the same spec and action.
  expect(await ensureAnnualReportSchedule(env.client, config)).toBe('updated');
  const second = await schedule.describe();
  expect(second.spec).toEqual(first.spec);
  expect(second.action).toEqual(first.action);
  expect(second.policies).toEqual(first.policies);
  // A changed configuration is carried into the existing schedule.
  expect(await ensureAnnualReportSchedule(env.client, testConfig({ ...overrides, REPORT_SCHEDULE_DAY: '6' }))).toBe('updated');
  expect((await schedule.describe()).spec.calendars?.[0].dayOfMonth).toEqual([{ start: 6, end: 6, step: 1 }]);

  // Triggered: launchAnnualReport starts the report of the year just ended (Beijing time) under its business ID.
  const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4)) - 1;
  const reportId = `report-${agencyCode}-${year}`;
  await schedule.trigger();
  expect(await launchResult(schedule, 1)).toEqual({ workflowId: reportId, started: true });
  const report = env.client.workflow.getHandle(reportId);
  const described = await report.describe();
  expect(described.type).toBe('assembleAnnualReport');
  expect(described.status.name).toBe('RUNNING');
  const view = await until('the report assembled', async () => {
    const v = await report.query(reportStateQuery);
    return v.state === 'awaitingInput' ? v : undefined;
  });
  expect(view).toMatchObject({ year, dueDate: `${year + 1}-01-31` });

  // A second trigger finds the report running and starts nothing.
  await schedule.trigger();
  expect(await launchResult(schedule, 2)).toEqual({ workflowId: reportId, started: false });
  expect((await report.describe()).runId).toBe(described.runId);
  const runs = await until('the visibility store', async () => {
    const n = (await env.client.workflow.count(`WorkflowType = 'assembleAnnualReport' AND WorkflowId = '${reportId}'`)).count;
    return n >= 1 ? n : undefined;
  });
  expect(runs).toBe(1);

  await report.terminate('test done');
  await schedule.delete();
});
