import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { reviewItem } from '../../workflows/review/reviewItem';
import { approveUpdate, stateQuery } from '../../workflows/review/definitions';
import type { Actor } from '../../domain/review';
import type { Register } from '../../register/db';
import { loadCalendarData, setCalendarOverride } from '../../register/calendar';
import { recomputeDeadlinesSignal } from '../../workflows/recompute';
import { getPublication, getReviewItem, itemAudit } from '../../register/review';
import { freshRegister } from '../../testing/register';
import { SmtpCapture } from '../../testing/smtp';
import { testActivities } from '../../testing/deps';
import { endWhenSettled, settled, testWorker, timeSkippingEnv, uniqueQueue } from '../../testing/temporal';
import { keepHistory } from '../helpers/histories';
import { actorOf, checklist, demoItem, importDemoOrg } from '../../testing/review-helpers';

let env: TestWorkflowEnvironment;
let db: Register;
const smtp = new SmtpCapture();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-review-'));
const people: Record<string, Actor> = {};

beforeAll(async () => {
  [env, db] = await Promise.all([timeSkippingEnv(), freshRegister(), smtp.start()]);
  await importDemoOrg(db);
  for (const id of ['li.na', 'wang.fang', 'zhao.lei']) people[id] = await actorOf(db, id);
});
afterAll(async () => {
  await Promise.all([env?.teardown(), db?.destroy(), smtp.stop()]);
});

const count = (addr: string, subject: RegExp) => smtp.messages.filter((m) => m.envelopeTo.includes(addr) && subject.test(m.parsed.subject ?? '')).length;
/** Moves the test server's clock to an instant (time skipping: timers due before it fire). */
async function sleepUntil(iso: string) {
  const now = await env.currentTimeMs();
  const target = Date.parse(iso);
  if (target > now) await env.sleep(target - now);
}

test('reminder at half the SLA, second at the SLA, escalation each working day, across an agency closure and a weekend', async () => {
  // A fixed week in March 2030 (no statutory holiday; weekends only), with the agency closed Tue 12 and
  // Wed 13 March by two overrides. 规划计划's 初审 has an SLA of 2 working days; entry Mon 11 March 10:00.
  //   working day 1 after 11 Mar: 12 and 13 closed → Thu 14 → half reminder Thu 14 18:00 (10:00Z)
  //   working day 2: Fri 15 → due and second reminder Fri 15 18:00
  //   escalations: Sat 16/Sun 17 weekend → Mon 18 18:00, then Tue 19 18:00
  const start = '2030-03-11T02:00:00.000Z';
  if ((await env.currentTimeMs()) > Date.parse(start)) throw new Error('this test assumes the clock is before March 2030');
  await setCalendarOverride(db, { date: '2030-03-12', kind: 'off', reason: '测试：机关闭馆' }, 'test', new Date().toISOString());
  await setCalendarOverride(db, { date: '2030-03-13', kind: 'off', reason: '测试：机关闭馆' }, 'test', new Date().toISOString());
  await sleepUntil(start);
  const taskQueue = uniqueQueue('review-timers');
  const worker = await testWorker(env, taskQueue, testActivities(db, smtp, { DATA_DIR: dataDir }));
  await worker.runUntil(async () => {
    const h = await env.client.workflow.start(reviewItem, {
      taskQueue, workflowId: `item-${taskQueue}`, args: [{ item: demoItem({ category: '规划计划', column: '规划计划', title: '计时测试' }) as never }],
    });
    for (let i = 0; i < 200 && !(await h.query(stateQuery))?.due; i++) await new Promise((r) => setTimeout(r, 25));
    expect((await h.query(stateQuery))!.due).toBe('2030-03-15T10:00:00.000Z');
    const liNa = 'li.na@demo.gongkai.local';
    const zhouMin = 'zhou.min@demo.gongkai.local';
    const half = /【催办】初审：计时测试（时限过半）/;
    const due = /【催办】初审：计时测试（已到办理时限）/;
    const esc = /【督办】初审逾期：计时测试/;

    await sleepUntil('2030-03-14T09:59:00Z');
    await settled(h); // activities run in real time after the server's clock moved
    expect(count(liNa, half)).toBe(0); // not on the closed days
    await sleepUntil('2030-03-14T10:01:00Z');
    await settled(h); // activities run in real time after the server's clock moved
    expect(count(liNa, half)).toBe(1);
    expect(count(liNa, due)).toBe(0);
    await sleepUntil('2030-03-15T10:01:00Z');
    await settled(h); // activities run in real time after the server's clock moved
    expect(count(liNa, due)).toBe(1);
    expect(count(zhouMin, esc)).toBe(0);
    await sleepUntil('2030-03-18T09:59:00Z'); // the weekend passes without escalation
    await settled(h); // activities run in real time after the server's clock moved
    expect(count(zhouMin, esc)).toBe(0);
    await sleepUntil('2030-03-18T10:01:00Z');
    await settled(h); // activities run in real time after the server's clock moved
    expect(count(zhouMin, esc)).toBe(1);
    // admin also has the supervisor role: both are told.
    expect(count('admin@demo.gongkai.local', esc)).toBe(1);
    await sleepUntil('2030-03-19T10:01:00Z');
    await settled(h); // activities run in real time after the server's clock moved
    expect(count(zhouMin, esc)).toBe(2);
    // Acting stops the escalation: the next stage starts its own clock.
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['li.na'] }] });
    await sleepUntil('2030-03-20T10:01:00Z');
    await settled(h); // activities run in real time after the server's clock moved
    expect(count(zhouMin, esc)).toBe(2);
    await endWhenSettled(h, 'terminate');
    await keepHistory(h, 'reviewItem.escalated');
  });
});

test('条例 第二十六条: the statutory deadline is escalated to the supervisors three working days before it', async () => {
  // Deadline Fri 2030-04-12: the last three working days are Wed 10, Thu 11, Fri 12 April → warning
  // Wed 10 April 09:00 Beijing (01:00Z). (清明 2030 is Fri 5 April, before the window.)
  await sleepUntil('2030-04-08T02:00:00.000Z');
  const taskQueue = uniqueQueue('review-statutory');
  const worker = await testWorker(env, taskQueue, testActivities(db, smtp, { DATA_DIR: dataDir }));
  await worker.runUntil(async () => {
    const h = await env.client.workflow.start(reviewItem, {
      taskQueue, workflowId: `item-${taskQueue}`,
      args: [{ item: demoItem({ category: '规划计划', column: '规划计划', title: '法定时限测试', statutoryDeadline: '2030-04-12' }) as never }],
    });
    for (let i = 0; i < 200 && !(await h.query(stateQuery)); i++) await new Promise((r) => setTimeout(r, 25));
    const warn = /【督办】法定公开期限将至：法定时限测试/;
    await sleepUntil('2030-04-10T00:59:00Z');
    await settled(h); // activities run in real time after the server's clock moved
    expect(count('zhou.min@demo.gongkai.local', warn)).toBe(0);
    await sleepUntil('2030-04-10T01:01:00Z');
    await settled(h); // activities run in real time after the server's clock moved
    expect(count('zhou.min@demo.gongkai.local', warn)).toBe(1);
    await sleepUntil('2030-04-11T01:01:00Z');
    await settled(h); // activities run in real time after the server's clock moved
    expect(count('zhou.min@demo.gongkai.local', warn)).toBe(1); // once
    await endWhenSettled(h, 'terminate');
  });
});

test('a calendar change (recomputeDeadlines) moves the due time of the open stage, in the workflow and the register', async () => {
  // Entry Mon 2030-05-06 10:00, SLA 2 → due Wed 8 May 18:00; the agency then closes Tue 7 May → due Thu 9 May 18:00.
  await sleepUntil('2030-05-06T02:00:00.000Z');
  const taskQueue = uniqueQueue('review-recompute');
  const worker = await testWorker(env, taskQueue, testActivities(db, smtp, { DATA_DIR: dataDir }));
  await worker.runUntil(async () => {
    const h = await env.client.workflow.start(reviewItem, {
      taskQueue, workflowId: `item-${taskQueue}`, args: [{ item: demoItem({ category: '规划计划', column: '规划计划', title: '重算测试' }) as never }],
    });
    for (let i = 0; i < 200 && !(await h.query(stateQuery))?.due; i++) await new Promise((r) => setTimeout(r, 25));
    expect((await h.query(stateQuery))!.due).toBe('2030-05-08T10:00:00.000Z');
    await setCalendarOverride(db, { date: '2030-05-07', kind: 'off', reason: '测试：临时闭馆' }, 'test', new Date().toISOString());
    const calendar = await loadCalendarData(db);
    await h.signal(recomputeDeadlinesSignal, { calendar, version: calendar.version, reason: 'override 2030-05-07 by test' });
    for (let i = 0; i < 200 && (await h.query(stateQuery))!.due !== '2030-05-09T10:00:00.000Z'; i++) await new Promise((r) => setTimeout(r, 25));
    expect((await h.query(stateQuery))!.due).toBe('2030-05-09T10:00:00.000Z');
    for (let i = 0; i < 200 && (await getReviewItem(db, h.workflowId))!.due !== '2030-05-09T10:00:00.000Z'; i++) await new Promise((r) => setTimeout(r, 25));
    expect((await getReviewItem(db, h.workflowId))!.due).toBe('2030-05-09T10:00:00.000Z');
    expect((await itemAudit(db, h.workflowId)).map((a) => a.action)).toEqual(['submit', 'recompute-due']);
    await endWhenSettled(h, 'terminate');
  });
});

test('a scheduled publication waits for its time', async () => {
  const taskQueue = uniqueQueue('review-sched');
  const worker = await testWorker(env, taskQueue, testActivities(db, smtp, { DATA_DIR: dataDir }));
  await worker.runUntil(async () => {
    const publishAt = new Date((await env.currentTimeMs()) + 2 * 86_400_000).toISOString();
    const h = await env.client.workflow.start(reviewItem, {
      taskQueue, workflowId: `item-${taskQueue}`, args: [{ item: demoItem({ publishAt }) as never, retractable: false }],
    });
    for (let i = 0; i < 200 && !(await h.query(stateQuery)); i++) await new Promise((r) => setTimeout(r, 25));
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['li.na'] }] });
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['wang.fang'], checklist }] });
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['zhao.lei'] }] });
    await env.sleep('1 day');
    await settled(h); // activities run in real time after the server's clock moved
    expect((await h.query(stateQuery))!.status).toBe('approved');
    expect(await getPublication(db, h.workflowId)).toBeUndefined();
    const r = await h.result(); // lets the server skip to the publication time
    expect(r.outcome).toBe('published');
    const pub = await getPublication(db, h.workflowId);
    expect(Date.parse(pub!.published_at)).toBeGreaterThanOrEqual(Date.parse(publishAt));
    expect(fs.existsSync(path.join(dataDir, 'site/items', `${h.workflowId}.html`))).toBe(true);
  });
});
