import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { reviewItem } from '../../workflows/review/reviewItem';
import { approveUpdate, stateQuery } from '../../workflows/review/definitions';
import type { Actor } from '../../domain/review';
import type { Register } from '../../register/db';
import { itemAudit } from '../../register/review';
import { freshRegister } from '../../testing/register';
import { SmtpCapture } from '../../testing/smtp';
import { testActivities } from '../../testing/deps';
import { devServerEnv, testWorker, uniqueQueue } from '../../testing/temporal';
import { actorOf, checklist, demoItem, importDemoOrg } from '../../testing/review-helpers';

let env: TestWorkflowEnvironment;
let db: Register;
const smtp = new SmtpCapture();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-review-'));
const people: Record<string, Actor> = {};

beforeAll(async () => {
  // The dev server, as in production: a stopped worker's sticky queue times out and a new worker takes over.
  [env, db] = await Promise.all([devServerEnv(), freshRegister(), smtp.start()]);
  await importDemoOrg(db);
  for (const id of ['li.na', 'wang.fang', 'zhao.lei']) people[id] = await actorOf(db, id);
});
afterAll(async () => {
  await Promise.all([env?.teardown(), db?.destroy(), smtp.stop()]);
});

test('a worker lost after its side effects, then stopped mid-review and replaced: nothing lost, nothing done twice', async () => {
  const taskQueue = uniqueQueue('review-restart');
  const base = testActivities(db, smtp, { DATA_DIR: dataDir });
  // The first worker "dies" after every write and every email, before reporting success: each is retried.
  const lostOnce = new Set<string>();
  const lose = (key: string) => {
    if (lostOnce.has(key)) return;
    lostOnce.add(key);
    throw new Error(`worker lost after ${key}`);
  };
  const flaky: typeof base = {
    ...base,
    recordReview: async (t) => {
      const r = await base.recordReview(t);
      lose(t.auditId);
      return r;
    },
    notifyReview: async (n) => {
      const r = await base.notifyReview(n);
      lose(`${n.template}:${JSON.stringify(n.to)}`);
      return r;
    },
  };
  const workflowId = `item-${taskQueue}`;
  const first = await testWorker(env, taskQueue, flaky);
  await first.runUntil(async () => {
    const h = await env.client.workflow.start(reviewItem, { taskQueue, workflowId, args: [{ item: demoItem({ title: '重启测试' }) as never, retractable: false }] });
    for (let i = 0; i < 400 && !(await h.query(stateQuery)); i++) await new Promise((r) => setTimeout(r, 25));
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['li.na'] }] });
    for (let i = 0; i < 400 && smtp.messages.filter((m) => m.parsed.subject?.includes('复审')).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
  });
  expect(lostOnce.size).toBeGreaterThanOrEqual(4); // submit, approve, two emails were each retried

  // No worker now: the next reviewer's approval waits in Temporal, not lost.
  const h = env.client.workflow.getHandle(workflowId);
  const pending = h.executeUpdate(approveUpdate, { args: [{ actor: people['wang.fang'], checklist }] });
  await new Promise((r) => setTimeout(r, 1000));
  const second = await testWorker(env, taskQueue, base); // a fresh worker: replays the history from the start
  await second.runUntil(async () => {
    expect(await pending).toMatchObject({ status: 'review', stage: 'final' });
    // The leaders act once told (a notice superseded before it went out is skipped, by design).
    for (let i = 0; i < 400 && smtp.messages.filter((m) => m.parsed.subject?.includes('终审')).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['zhao.lei'] }] });
    expect(await h.result()).toMatchObject({ outcome: 'published', version: 1 });
  });

  const audit = await itemAudit(db, workflowId);
  expect(audit.map((a) => `${a.actor} ${a.action}`)).toEqual(['zhang.wei submit', 'li.na approve', 'wang.fang approve', 'zhao.lei approve', 'system publish']);
  const mails = smtp.messages.filter((m) => m.parsed.subject?.includes('重启测试')).map((m) => m.parsed.subject);
  expect(mails.sort()).toEqual(['【已发布】重启测试', '【待审核】初审：重启测试', '【待审核】复审（保密审查）：重启测试', '【待审核】终审：重启测试'].sort());
  const sent = await db.selectFrom('sent_emails').select('message_id').where('workflow_id', '=', workflowId).execute();
  expect(sent).toHaveLength(4);
  const tasks = await db.selectFrom('review_tasks').selectAll().where('item_id', '=', workflowId).execute();
  expect(tasks.map((t) => `${t.stage} ${t.status}`).sort()).toEqual(['final done', 'first done', 'second done']);
  expect(await db.selectFrom('publications').select('item_id').where('item_id', '=', workflowId).execute()).toHaveLength(1);
});
