/**
 * Fault injection on reviewItem (issue 8): a real dev server, real worker PROCESSES (testing/faultWorker.ts, the
 * production activities), the in-process SMTP server and the register (SQLite, or PostgreSQL with
 * TEST_DATABASE_URL). Every test drives the same scenario as a clean run — submit, 初审, 复审 with the secrecy
 * checklist, 终审, publication — through the service layer, injects one fault, and compares the item's
 * register rows, audit log and emails (by Message-ID: each delivered exactly once, each in the sent-log) with
 * the clean run's.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Register } from '../../register/db';
import { act, submitItem } from '../../client/services/review';
import type { ActResult } from '../../workflows/review/definitions';
import { freshRegister, registerKind } from '../../testing/register';
import { SmtpCapture } from '../../testing/smtp';
import { testConfig } from '../../testing/deps';
import { uniqueQueue } from '../../testing/temporal';
import { DevServerProcess, itemOutcome, registerOutage, until, WorkerProcess, type ItemOutcome } from '../../testing/faults';
import { checklist, demoItem, importDemoOrg } from '../../testing/review-helpers';

jest.setTimeout(180_000);

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-faults-'));
const server = new DevServerProcess(path.join(root, 'temporal'));
const smtp = new SmtpCapture();
let db: Register & { url: string };
let connection: Connection;
let temporal: Client;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  [db] = await Promise.all([freshRegister(), server.start(), smtp.start()]);
  await importDemoOrg(db);
  connection = await Connection.connect({ address: server.address });
  temporal = new Client({ connection });
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill9()));
  await connection?.close();
  await Promise.all([server.stop(), db?.destroy(), smtp.stop()]);
});

/** One run: its own task queue, the service layer as the CLI and HTTP API use it, worker processes on demand. */
function run(name: string) {
  const taskQueue = uniqueQueue(name);
  const dataDir = path.join(root, taskQueue);
  const services = { config: testConfig({ TEMPORAL_TASK_QUEUE: taskQueue, DATA_DIR: dataDir, SMTP_URL: smtp.url }), db, temporal };
  return {
    services,
    async worker(pauseAfter?: string): Promise<WorkerProcess> {
      const w = new WorkerProcess({ temporalAddress: server.address, taskQueue, databaseUrl: db.url, smtpUrl: smtp.url, dataDir, pauseAfter });
      workers.push(w);
      return w.ready();
    },
    // A reviewer acts once told: each step waits for its task email (a task email not yet sent when the next
    // stage is reached is skipped as superseded, so a faster clicker would change the emails a run sends).
    submit: async (over: Record<string, unknown> = {}, told = true) => {
      const { itemId } = await submitItem(services, demoItem({ title: '故障注入测试', ...over }), 'zhang.wei');
      if (told) await mailsOf(itemId, 1);
      return itemId;
    },
    first: async (id: string) => {
      const r = await act(services, id, 'li.na', { action: 'approve' });
      await mailsOf(id, 2);
      return r;
    },
    second: async (id: string) => {
      const r = await act(services, id, 'wang.fang', { action: 'approve', checklist });
      await mailsOf(id, 3);
      return r;
    },
    final: (id: string) => act(services, id, 'zhao.lei', { action: 'approve' }),
    // Items submitted through the service stay open after publication (for 撤稿): done is the register saying so.
    result: (id: string) =>
      until(`${id} published`, async () => {
        const row = await db.selectFrom('review_items').select(['status', 'current_version']).where('id', '=', id).executeTakeFirst();
        return row?.status === 'published' ? { outcome: 'published', version: row.current_version } : undefined;
      }, 90_000),
  };
}

/** The emails a finished item sends (初审, 复审, 终审 tasks and 已发布) have all arrived. */
const EMAILS = 4;
async function mailsOf(itemId: string, n = EMAILS): Promise<void> {
  await until(`${n} emails of ${itemId}`, async () => (await itemOutcome(db, smtp, itemId)).messageIds.length >= n, 90_000);
  await new Promise((r) => setTimeout(r, 500)); // a duplicate would arrive right after
}

/** Compares with the clean run and checks exactly-once delivery by Message-ID. */
async function expectSameAsClean(itemId: string): Promise<ItemOutcome> {
  const { outcome, messageIds, sentIds } = await itemOutcome(db, smtp, itemId);
  expect(new Set(messageIds).size).toBe(messageIds.length); // no Message-ID delivered twice
  expect(messageIds).toEqual(sentIds); // every delivered message is in the sent-log, and nothing else is
  expect(outcome).toEqual(await clean());
  return outcome;
}

let cleanRun: Promise<ItemOutcome> | undefined;
/** The reference: the same scenario with no fault, on one worker process. */
function clean(): Promise<ItemOutcome> {
  cleanRun ??= (async () => {
    const r = run('clean');
    const w = await r.worker();
    try {
      const id = await r.submit();
      await r.first(id);
      await r.second(id);
      await r.final(id);
      expect(await r.result(id)).toMatchObject({ outcome: 'published', version: 1 });
      await mailsOf(id);
      const { outcome, messageIds } = await itemOutcome(db, smtp, id);
      expect(new Set(messageIds).size).toBe(EMAILS);
      return outcome;
    } finally {
      await w.stop();
    }
  })();
  return cleanRun;
}

test('clean run: published, four emails, audit submit → three approvals → publish', async () => {
  const o = await clean();
  expect(o.item).toMatchObject({ status: 'published', current_version: 1 });
  expect(o.audit.map((a) => a.split(' ').slice(1, 3).join(' '))).toEqual([
    'zhang.wei submit', 'li.na approve', 'wang.fang approve', 'zhao.lei approve', 'system publish',
  ]);
  expect(o.tasks).toHaveLength(3);
  expect(o.publications).toHaveLength(1);
  expect(o.emails).toHaveLength(EMAILS);
});

test('kill -9 of the worker while an approval is being recorded; another worker finishes it', async () => {
  const r = run('kill9');
  // The second recordReview in this process (初审's approval) pauses after its write: killed there, the write is
  // done but Temporal never hears of it; the retry on the next worker must find it and not write it twice.
  const a = await r.worker('recordReview#2:120000');
  const id = await r.submit();
  const approving = r.first(id);
  await a.waitFor(/paused-after recordReview 2/);
  await a.kill9();
  const b = await r.worker();
  try {
    // The update the reviewer sent before the crash returns once the retried activity has run on the new worker.
    expect(await approving).toMatchObject<Partial<ActResult>>({ status: 'review', stage: 'second' });
    await r.second(id);
    await r.final(id);
    expect(await r.result(id)).toMatchObject({ outcome: 'published', version: 1 });
    await mailsOf(id);
  } finally {
    await b.stop();
  }
  await expectSameAsClean(id);
});

test('the Temporal server stops and restarts (same database file) while items wait for reviewers and on a timer', async () => {
  const r = run('restart');
  const w = await r.worker();
  try {
    // One item is fully approved but scheduled for publication 15 s from now: a durable timer through the outage.
    const publishAt = Date.now() + 15_000;
    const timed = await r.submit({ publishAt: new Date(publishAt).toISOString() });
    await r.first(timed);
    await r.second(timed);
    await r.final(timed);
    const waiting = await r.submit(); // will wait at 复审 for a human through the outage
    await r.first(waiting);

    // Down from before the timer is due until after it: it fires when the server is back.
    expect(Date.now()).toBeLessThan(publishAt);
    await server.stop();
    await new Promise((res) => setTimeout(res, Math.max(3_000, publishAt + 3_000 - Date.now())));
    await server.start();

    await r.second(waiting);
    await r.final(waiting);
    expect(await r.result(waiting)).toMatchObject({ outcome: 'published' });
    expect(await r.result(timed)).toMatchObject({ outcome: 'published' });
    await mailsOf(waiting);
    await mailsOf(timed);
    // The worker process itself rode out the outage.
    expect(w.alive).toBe(true);
    await expectSameAsClean(waiting);
    await expectSameAsClean(timed);
  } finally {
    await w.stop();
  }
});

test('SMTP refuses (451) for a while, then accepts: every message arrives exactly once', async () => {
  const r = run('smtp');
  const w = await r.worker();
  try {
    smtp.refuse(true);
    const id = await r.submit({}, false);
    // The 初审 task email retries with back-off (2 s, 4 s ...) against a refusing server.
    await new Promise((res) => setTimeout(res, 7_000));
    expect((await itemOutcome(db, smtp, id)).messageIds).toEqual([]);
    smtp.refuse(false);
    await mailsOf(id, 1);
    await r.first(id);
    await r.second(id);
    await r.final(id);
    expect(await r.result(id)).toMatchObject({ outcome: 'published' });
    await mailsOf(id);
    await expectSameAsClean(id);
  } finally {
    smtp.refuse(false);
    await w.stop();
  }
});

// The register is away: on SQLite another connection holds the write lock; on PostgreSQL the database turns
// read-only and every session is cut (testing/faults.ts registerOutage). Writes fail, reads work, on both.
test(`the register (${registerKind}) is unavailable while an approval is recorded: the activity retries, the update waits, one row`, async () => {
  const r = run('register');
  const w = await r.worker();
  try {
    const id = await r.submit();
    await r.first(id);
    const outage = await registerOutage(db.url);
    let returned = false;
    const approving = r.second(id).then((x) => ((returned = true), x));
    await new Promise((res) => setTimeout(res, 10_000));
    // Nothing is shown as done that is not recorded: the update has not returned while the register is away.
    expect(returned).toBe(false);
    await outage.release();
    expect(await approving).toMatchObject({ status: 'review', stage: 'final' });
    expect(w.alive).toBe(true); // its register connections were cut (PostgreSQL): the worker rode it out
    await r.final(id);
    expect(await r.result(id)).toMatchObject({ outcome: 'published' });
    await mailsOf(id);
    await expectSameAsClean(id);
  } finally {
    await w.stop();
  }
});

test(`the register (${registerKind}) is unavailable while an email is retrying after an SMTP outage: the email still arrives once`, async () => {
  const r = run('mail-register');
  const w = await r.worker();
  try {
    smtp.refuse(true);
    const id = await r.submit({}, false); // the 初审 task email now retries against a refusing server
    await new Promise((res) => setTimeout(res, 3_000));
    const outage = await registerOutage(db.url);
    smtp.refuse(false); // the next attempt sends, then cannot write the sent-log
    await new Promise((res) => setTimeout(res, 12_000));
    await outage.release();
    await mailsOf(id, 1);
    expect(w.alive).toBe(true);
    await r.first(id);
    await r.second(id);
    await r.final(id);
    expect(await r.result(id)).toMatchObject({ outcome: 'published' });
    await mailsOf(id);
    await expectSameAsClean(id);
  } finally {
    smtp.refuse(false);
    await w.stop();
  }
});
