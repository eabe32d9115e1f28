/**
 * The fan-out of issue 3 on a real dev server: `gongkai calendar import` and `override add` signal
 * `recomputeDeadlines` to every running workflow that holds a deadline (GongkaiDue set) and to none
 * other. No deadline-holding workflow handles the signal yet (handleApplication is being built), so the
 * test reads each workflow's history for the `WorkflowExecutionSignaled` event and its payload.
 */
import { join } from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { main } from '../../client/cli/main';
import { DEADLINE_HOLDERS_QUERY } from '../../client/services/calendar';
import type { RecomputeDeadlines } from '../../workflows/recompute';
import { dueAttr, kindAttr } from '../../workflows/searchAttributes';
import { cancelNoticeSignal, scheduledNotice } from '../../workflows/notify/scheduledNotice';
import type { Register } from '../../register/db';
import { testActivities } from '../../testing/deps';
import { freshRegister } from '../../testing/register';
import { SmtpCapture } from '../../testing/smtp';
import { devServerEnv, testWorker, uniqueQueue } from '../../testing/temporal';

const fixture = join(__dirname, '..', 'fixtures', 'calendar-import-2027.json');
const SIGNALED = temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED;

let env: TestWorkflowEnvironment;
let db: Register & { url: string };
const smtp = new SmtpCapture();
const savedEnv = { ...process.env };
beforeAll(async () => {
  [env, db] = await Promise.all([devServerEnv(), freshRegister(), smtp.start()]);
  process.env.DATABASE_URL = db.url;
  process.env.TEMPORAL_ADDRESS = env.address;
  process.env.TEMPORAL_NAMESPACE = env.namespace ?? 'default';
});
afterAll(async () => {
  process.env = savedEnv;
  await Promise.all([env?.teardown(), db?.destroy(), smtp.stop()]);
});

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

/** The recomputeDeadlines signals in a workflow's history, decoded. */
async function recomputeSignals(workflowId: string): Promise<RecomputeDeadlines[]> {
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? [])
    .filter((e) => e.eventType === SIGNALED && e.workflowExecutionSignaledEventAttributes?.signalName === 'recomputeDeadlines')
    .map((e) => defaultPayloadConverter.fromPayload<RecomputeDeadlines>(e.workflowExecutionSignaledEventAttributes!.input!.payloads![0]));
}

/** Visibility lags behind writes on the dev server: wait until the query counts `n`. */
async function waitForCount(query: string, n: number): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if ((await env.client.workflow.count(query)).count === n) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`"${query}" never counted ${n}`);
}

test('import and override signal every running workflow with a deadline, and none other', async () => {
  const taskQueue = uniqueQueue('calendar-fanout');
  const worker = await testWorker(env, taskQueue, testActivities(db, smtp));
  await worker.runUntil(async () => {
    const sendAt = new Date(Date.now() + 3600_000).toISOString();
    const start = (id: string, due: boolean) =>
      env.client.workflow.start(scheduledNotice, {
        taskQueue,
        workflowId: `${taskQueue}-${id}`,
        args: [{ sendAt, to: ['a@test.local'], subject: 's', text: 't' }],
        typedSearchAttributes: [{ key: kindAttr, value: 'notice' }, ...(due ? [{ key: dueAttr, value: new Date('2027-01-08T16:00:00Z') }] : [])],
      });
    const withDue = await Promise.all(['due-1', 'due-2', 'due-3'].map((id) => start(id, true)));
    const withoutDue = await Promise.all(['plain-1', 'plain-2'].map((id) => start(id, false)));
    // A workflow with a deadline that has closed: nothing to recompute.
    const closed = await start('due-closed', true);
    await closed.signal(cancelNoticeSignal);
    expect(await closed.result()).toBe('cancelled');
    await waitForCount(DEADLINE_HOLDERS_QUERY, 3);
    await waitForCount(`ExecutionStatus = "Running" AND TaskQueue = "${taskQueue}"`, 5);

    const imported = await run('calendar', 'import', fixture, '--as', 'alice');
    expect(imported).toMatchObject({ code: 0, err: [] });
    const version = /calendar (\S+)$/.exec(imported.out[0])![1];
    expect(imported.out[1]).toBe(`signalled 3 running workflow(s) with a deadline to recompute (calendar ${version})`);

    for (const h of withDue) {
      const signals = await recomputeSignals(h.workflowId);
      expect(signals).toHaveLength(1);
      expect(signals[0].version).toBe(version);
      expect(signals[0].calendar!.version).toBe(version);
      expect(signals[0].reason).toBe('calendar import 2027 (测试用国办发明电〔2026〕99号 2026-11-10) by alice');
      expect(signals[0].calendar!.years.at(-1)!.year).toBe(2027);
    }
    for (const h of [...withoutDue, closed]) expect(await recomputeSignals(h.workflowId)).toEqual([]);

    // The same file again: nothing changes and nothing is signalled.
    expect((await run('calendar', 'import', fixture, '--as', 'bob')).out).toEqual(['2027: unchanged (this schedule is already imported)']);

    // An agency day off changes deadlines too: a second signal, with the override in the calendar.
    const override = await run('calendar', 'override', 'add', '2027-01-04', 'off', '江华瑶族自治县 盘王节', '--as', 'carol');
    expect(override.code).toBe(0);
    expect(override.out[1]).toMatch(/^signalled 3 running workflow\(s\)/);
    for (const h of withDue) {
      const signals = await recomputeSignals(h.workflowId);
      expect(signals.map((s) => s.calendar!.overrides)).toEqual([[], [{ date: '2027-01-04', kind: 'off', reason: '江华瑶族自治县 盘王节' }]]);
      expect(signals[1].version).not.toBe(version);
      expect(signals[1].reason).toBe('calendar override 2027-01-04 day off (江华瑶族自治县 盘王节) by carol');
    }
    for (const h of [...withoutDue, closed]) expect(await recomputeSignals(h.workflowId)).toEqual([]);

    // What the admin reads: the change, whom it reached, how long it took (no application is open here).
    const fanouts = await run('calendar', 'fanouts', '--limit', '1');
    expect(fanouts.code).toBe(0);
    expect(fanouts.out.slice(1, 3)).toEqual(['  变动日：2027-01-04（共 1 天）', '  在办申请 0 件，通知 0 件；其他有期限的流程 3 个']);
    expect(fanouts.out[3]).toMatch(/^ {2}通知用时 \d+ 毫秒；已按新版本重算 0\/0 件$/);
    expect(await run('calendar', 'fanouts', '--limit', '0')).toMatchObject({ code: 2, err: ['error: --limit：“0”应为 1 至 9999 的整数'] });

    await Promise.all([...withDue, ...withoutDue].map((h) => h.signal(cancelNoticeSignal)));
    expect(await Promise.all([...withDue, ...withoutDue].map((h) => h.result()))).toEqual(Array(5).fill('cancelled'));
  });
});

test('without a reachable Temporal the change is stored, and the error says how to resend', async () => {
  // Reachable here: the override goes out to no workflow, since all closed above.
  await waitForCount(DEADLINE_HOLDERS_QUERY, 0);
  const r = await run('calendar', 'override', 'add', '2027-03-01', 'off', '停电', '--as', 'dave');
  expect(r.code).toBe(0);
  expect(r.out[1]).toMatch(/^signalled 0 running workflow/);
  // No application is open: the register says so (issue 16: applications are reached through the register).
  expect((await run('calendar', 'recompute', '--reason', 'resend', '--as', 'dave')).out).toEqual([expect.stringMatching(/^signalled 0 running workflow/), '在办申请 0 件，已通知其中 0 件重算期限']);
  process.env.TEMPORAL_ADDRESS = '127.0.0.1:1';
  try {
    const down = await run('calendar', 'override', 'add', '2027-03-02', 'off', '停电', '--as', 'dave');
    expect(down.code).toBe(1);
    expect(down.err[0]).toMatch(/^error: 工作日历已更新，但未能通知全部在办流程/);
    expect(await db.selectFrom('calendar_overrides').select('date').where('date', '=', '2027-03-02').executeTakeFirst()).toBeDefined();
  } finally {
    process.env.TEMPORAL_ADDRESS = env.address;
  }
});
