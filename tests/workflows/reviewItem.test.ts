import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { reviewItem } from '../../workflows/review/reviewItem';
import { retractPublished } from '../../workflows/review/retractPublished';
import {
  approveUpdate, claimUpdate, delegateUpdate, reassignUpdate, rejectUpdate, unclaimUpdate, retractUpdate, retractWorkflowId, reviseUpdate, stateQuery, withdrawUpdate, REFUSED,
} from '../../workflows/review/definitions';
import { contentHash, type Actor } from '../../domain/review';
import type { Register } from '../../register/db';
import { getPublication, itemAudit, reviewQueue } from '../../register/review';
import { freshRegister } from '../../testing/register';
import { SmtpCapture } from '../../testing/smtp';
import { testActivities } from '../../testing/deps';
import { endWhenSettled, testWorker, timeSkippingEnv, uniqueQueue } from '../../testing/temporal';
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
  for (const id of ['zhang.wei', 'li.na', 'wang.fang', 'zhao.lei', 'chen.jing', 'zhou.min', 'liu.yang']) people[id] = await actorOf(db, id);
});
afterAll(async () => {
  await Promise.all([env?.teardown(), db?.destroy(), smtp.stop()]);
});

const mailTo = (addr: string, subject: RegExp) => smtp.messages.filter((m) => m.envelopeTo.includes(addr) && subject.test(m.parsed.subject ?? ''));
const email = (id: string) => `${id}@demo.gongkai.local`;
async function waitMail(addr: string, subject: RegExp, n = 1) {
  const until = Date.now() + 20000;
  while (mailTo(addr, subject).length < n) {
    if (Date.now() > until) throw new Error(`no email "${subject}" to ${addr}; got ${smtp.messages.map((m) => `${m.envelopeTo} ${m.parsed.subject}`).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return mailTo(addr, subject);
}

async function setup(): Promise<{ worker: Worker; taskQueue: string }> {
  const taskQueue = uniqueQueue('review');
  const worker = await testWorker(env, taskQueue, testActivities(db, smtp, { DATA_DIR: dataDir }));
  return { worker, taskQueue };
}

async function start(taskQueue: string, item: Record<string, unknown>, publish = true, retractable = false) {
  const handle = await env.client.workflow.start(reviewItem, { taskQueue, workflowId: `item-${taskQueue}`, args: [{ item: item as never, publish, retractable }] });
  // The setup activity has run once the query shows a state.
  for (let i = 0; i < 200 && !(await handle.query(stateQuery)); i++) await new Promise((r) => setTimeout(r, 25));
  return handle;
}

async function refusal(p: Promise<unknown>): Promise<{ type?: string; message: string }> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (e as WorkflowUpdateFailedError).cause as { type?: string; message: string };
    return { type: cause.type, message: cause.message };
  }
  throw new Error('the update was not refused');
}

test('happy path: three stages by three people, then the exact approved text is published and everyone is told', async () => {
  const { worker, taskQueue } = await setup();
  const item = demoItem();
  await worker.runUntil(async () => {
    const h = await start(taskQueue, item);
    const id = h.workflowId;
    await waitMail(email('li.na'), /【待审核】初审/);
    expect((await reviewQueue(db, people['li.na'])).map((q) => q.itemId)).toContain(id);
    expect((await reviewQueue(db, people['wang.fang'])).map((q) => q.itemId)).not.toContain(id);

    const claimed = await h.executeUpdate(claimUpdate, { args: [{ actor: people['li.na'] }] });
    expect(claimed.holder).toBe('li.na');
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['li.na'], comment: '文字无误' }] });
    expect((await reviewQueue(db, people['li.na'])).map((q) => q.itemId)).not.toContain(id);
    expect((await reviewQueue(db, people['wang.fang'])).map((q) => q.itemId)).toContain(id);
    await waitMail(email('wang.fang'), /【待审核】复审/);

    await h.executeUpdate(approveUpdate, { args: [{ actor: people['wang.fang'], checklist }] });
    await waitMail(email('zhao.lei'), /【待审核】终审/);
    // The leaders group: both leaders are told.
    expect(mailTo(email('chen.jing'), /【待审核】终审/).length).toBe(1);
    const final = await h.executeUpdate(approveUpdate, { args: [{ actor: people['zhao.lei'] }] });
    expect(final.status).toBe('approved');

    const result = await h.result();
    expect(result.outcome).toBe('published');
    if (result.outcome !== 'published') return;
    expect(result.hash).toBe(contentHash({ title: item.title, body: item.body, attachments: [] }));
    expect(result.approvals.map((a) => [a.stage, a.by])).toEqual([['first', 'li.na'], ['second', 'wang.fang'], ['final', 'zhao.lei']]);
    const record = JSON.parse(fs.readFileSync(path.join(dataDir, 'site/items', `${id}.json`), 'utf8'));
    expect(record.body).toBe(item.body);
    const html = fs.readFileSync(path.join(dataDir, 'site/items', `${id}.html`), 'utf8');
    expect(html).toContain('&lt;script&gt;不应执行&lt;/script&gt;');
    expect(html).toContain(`content="${result.hash}"`);
    expect(fs.readFileSync(path.join(dataDir, 'site/rss.xml'), 'utf8')).toContain(item.title);
    expect(fs.readFileSync(path.join(dataDir, 'site/columns/社会救助.html'), 'utf8')).toContain(`items/${id}.html`);
    const pub = await getPublication(db, id);
    expect(pub).toMatchObject({ category: '工作动态', hash: result.hash, version: 1, retracted_at: null });
    await waitMail(email('zhang.wei'), /【已发布】/);
    const audit = await itemAudit(db, id);
    expect(audit.map((a) => a.action)).toEqual(['submit', 'claim', 'approve', 'approve', 'approve', 'publish']);
    expect(audit.map((a) => a.actor)).toEqual(['zhang.wei', 'li.na', 'li.na', 'wang.fang', 'zhao.lei', 'system']);
    const desc = await h.describe();
    expect(desc.searchAttributes.GongkaiStatus).toEqual(['published']);
    expect(desc.searchAttributes.GongkaiCategory).toEqual(['工作动态']);
    await keepHistory(h, 'reviewItem.published');
  });
});

test('rejection to the author, revision re-entering at 初审; a later rejection to an earlier stage', async () => {
  const { worker, taskQueue } = await setup();
  await worker.runUntil(async () => {
    const h = await start(taskQueue, demoItem({ category: '规划计划', column: '规划计划' }));
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['li.na'] }] });
    expect((await refusal(h.executeUpdate(rejectUpdate, { args: [{ actor: people['wang.fang'], reason: ' ' }] }))).type).toBe('Invalid');
    const back = await h.executeUpdate(rejectUpdate, { args: [{ actor: people['wang.fang'], reason: '第二段数据与财政口径不一致' }] });
    expect(back).toMatchObject({ status: 'returned', holder: 'zhang.wei', stage: null });
    const [rejMail] = await waitMail(email('zhang.wei'), /【退回修改】/);
    expect(rejMail.parsed.text).toContain('第二段数据与财政口径不一致');
    expect(rejMail.parsed.text).toMatch(/^张伟您好：/);
    expect((await reviewQueue(db, people['zhang.wei'])).map((q) => q.stage)).toEqual(['revise']);

    const v2 = await h.executeUpdate(reviseUpdate, { args: [{ actor: people['zhang.wei'], body: '## 规划\n\n已按财政口径修改。\n' }] });
    expect(v2).toMatchObject({ status: 'review', stage: 'first', version: 2 });
    // li.na approved v1: a new version needs her again, and she may give it.
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['li.na'] }] });
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['wang.fang'], checklist }] });
    const toSecond = await h.executeUpdate(rejectUpdate, { args: [{ actor: people['zhao.lei'], reason: '请办公室再核对保密事项', to: 'second' }] });
    expect(toSecond).toMatchObject({ status: 'review', stage: 'second', version: 2 });
    const st = (await h.query(stateQuery))!;
    expect(st.approvals.filter((a) => a.hash === st.versions[1].hash).map((a) => a.stage)).toEqual(['first']);
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['wang.fang'], checklist }] });
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['zhao.lei'] }] });
    const r = await h.result();
    expect(r).toMatchObject({ outcome: 'published', version: 2 });
    await keepHistory(h, 'reviewItem.rejected-revised');
  });
});

test('four eyes: author, non-members, an earlier approver of the same version, a missing checklist are refused', async () => {
  const { worker, taskQueue } = await setup();
  await worker.runUntil(async () => {
    const h = await start(taskQueue, demoItem({ category: '人事信息', column: '人事信息', author: 'li.na', section: '社会救助股' }));
    // li.na wrote it: though she is in section-heads she may not review it.
    const own = await refusal(h.executeUpdate(approveUpdate, { args: [{ actor: people['li.na'] }] }));
    expect(own).toMatchObject({ type: REFUSED });
    expect(own.message).toMatch(/four eyes: li.na is the author/);
    expect((await refusal(h.executeUpdate(approveUpdate, { args: [{ actor: people['wang.fang'] }] }))).message).toMatch(/not in group section-heads/);
    // Nobody else in section-heads: a supervisor delegates 初审 (委派) to liu.yang.
    // (Covered in the domain tests; here we use chen.jing's double membership for the four-eyes rule.)
    await h.executeUpdate(claimUpdate, { args: [{ actor: { ...people['liu.yang'], groups: ['section-heads'] } }] });
    expect((await refusal(h.executeUpdate(claimUpdate, { args: [{ actor: { ...people['zhao.lei'], groups: ['section-heads'] } }] }))).message).toMatch(/held by liu.yang/);
    await h.executeUpdate(approveUpdate, { args: [{ actor: { ...people['liu.yang'], groups: ['section-heads'] } }] });
    expect((await refusal(h.executeUpdate(approveUpdate, { args: [{ actor: people['wang.fang'] }] }))).message).toMatch(/保密审查 checklist/);
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['wang.fang'], checklist }] });
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['chen.jing'] }] }); // 终审 as a leader
    const again = await refusal(h.executeUpdate(approveUpdate, { args: [{ actor: people['chen.jing'] }] })); // 主要负责人审签
    expect(again.message).toMatch(/four eyes: chen.jing already approved stage final/);
    const st = (await h.query(stateQuery))!;
    expect(st.status).toBe('review');
    expect(st.policy.stages[st.stageIndex].key).toBe('head');
    // Refusals write nothing from the workflow (the service layer logs them).
    expect((await itemAudit(db, h.workflowId)).filter((a) => a.outcome === 'refused')).toEqual([]);
    await endWhenSettled(h, 'terminate');
  });
});

test('an edit during review voids the approval: what is published is the version the final stage approved', async () => {
  const { worker, taskQueue } = await setup();
  await worker.runUntil(async () => {
    const h = await start(taskQueue, demoItem());
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['li.na'] }] });
    const stale = (await h.query(stateQuery))!.versions[0].hash;
    await h.executeUpdate(reviseUpdate, { args: [{ actor: people['zhang.wei'], body: '更正：惠及 5,687 户。', comment: '户数笔误' }] });
    let st = (await h.query(stateQuery))!;
    expect(st.stageIndex).toBe(0);
    expect(st.approvals.filter((a) => a.hash === st.versions[1].hash)).toEqual([]);
    expect((await refusal(h.executeUpdate(approveUpdate, { args: [{ actor: people['li.na'], hash: stale }] }))).message).toMatch(/hash mismatch/);
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['li.na'], hash: st.versions[1].hash }] });
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['wang.fang'], checklist }] });
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['zhao.lei'] }] });
    const r = await h.result();
    st = (await h.query(stateQuery))!;
    expect(r).toMatchObject({ outcome: 'published', version: 2, hash: st.versions[1].hash, body: '更正：惠及 5,687 户。' });
    const record = JSON.parse(fs.readFileSync(path.join(dataDir, 'site/items', `${h.workflowId}.json`), 'utf8'));
    expect(record).toMatchObject({ body: '更正：惠及 5,687 户。', version: 2, hash: st.versions[1].hash });
  });
});

test('withdrawal by the author before the final decision closes the tasks and tells the stage group', async () => {
  const { worker, taskQueue } = await setup();
  await worker.runUntil(async () => {
    const h = await start(taskQueue, demoItem({ title: '撤回测试' }));
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['li.na'] }] });
    expect((await refusal(h.executeUpdate(withdrawUpdate, { args: [{ actor: people['wang.fang'] }] }))).message).toMatch(/only the author/);
    await h.executeUpdate(withdrawUpdate, { args: [{ actor: people['zhang.wei'], reason: '内容已过时' }] });
    expect(await h.result()).toMatchObject({ outcome: 'withdrawn', reason: '内容已过时' });
    expect((await reviewQueue(db, people['wang.fang'])).map((q) => q.itemId)).not.toContain(h.workflowId);
    await waitMail(email('wang.fang'), /【已撤回】撤回测试/);
    expect(fs.existsSync(path.join(dataDir, 'site/items', `${h.workflowId}.html`))).toBe(false);
    await keepHistory(h, 'reviewItem.withdrawn-v2');
  });
});

test('retraction (撤稿): the review completes at publication; a 撤稿 by a supervisor starts its own workflow, takes the page down, audits', async () => {
  const { worker, taskQueue } = await setup();
  await worker.runUntil(async () => {
    const h = await start(taskQueue, demoItem({ title: '撤稿测试' }), true, true);
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['li.na'] }] });
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['wang.fang'], checklist }] });
    expect((await refusal(h.executeUpdate(retractUpdate, { args: [{ actor: people['zhou.min'], reason: '尚未发布' }] }))).message).toMatch(/not published/);
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['zhao.lei'] }] });
    // Issue 16: published, the review's workflow ends; nothing stays open for a 撤稿 that may never come.
    expect(await h.result()).toMatchObject({ outcome: 'published', version: 1 });
    const page = path.join(dataDir, 'site/items', `${h.workflowId}.html`);
    expect(fs.existsSync(page)).toBe(true);

    // The 撤稿 workflow, on an ID derived from the item's, started by its own update (update-with-start).
    const retract = (actor: Actor, reason: string) =>
      env.client.workflow.executeUpdateWithStart(retractUpdate, {
        args: [{ actor, reason }],
        startWorkflowOperation: new WithStartWorkflowOperation(retractPublished, { workflowId: retractWorkflowId(h.workflowId), taskQueue, args: [{ itemId: h.workflowId }], workflowIdConflictPolicy: 'USE_EXISTING' }),
      });
    expect((await refusal(retract(people['zhao.lei'], 'x'))).message).toMatch(/not a supervisor/);
    const refusedRun = env.client.workflow.getHandle<typeof retractPublished>(retractWorkflowId(h.workflowId));
    expect(await refusedRun.result()).toMatchObject({ outcome: 'notRetracted' });
    expect(fs.existsSync(page)).toBe(true);

    expect(await retract(people['zhou.min'], '数据有误，撤稿核实')).toMatchObject({ status: 'retracted', version: 1 });
    expect(fs.existsSync(page)).toBe(false);
    expect(fs.readFileSync(path.join(dataDir, 'site/feed.json'), 'utf8')).not.toContain(h.workflowId);
    expect(await getPublication(db, h.workflowId)).toMatchObject({ retract_reason: '数据有误，撤稿核实' });
    const run = env.client.workflow.getHandle<typeof retractPublished>(retractWorkflowId(h.workflowId));
    expect(await run.result()).toMatchObject({ outcome: 'retracted', reason: '数据有误，撤稿核实', by: 'zhou.min' });
    await waitMail(email('zhang.wei'), /【已撤稿】撤稿测试/);
    const audit = await itemAudit(db, h.workflowId);
    expect(audit.map((x) => `${x.actor} ${x.action}`).slice(-2)).toEqual(['system publish', 'zhou.min retract']);
    expect((await db.selectFrom('review_items').select('status').where('id', '=', h.workflowId).executeTakeFirstOrThrow()).status).toBe('retracted');
    // Once retracted, another 撤稿 is refused by the same rule.
    expect((await refusal(retract(people['zhou.min'], '再次撤稿'))).message).toMatch(/retracted, not published/);
    await keepHistory(h, 'reviewItem.published-fewer-events');
    await keepHistory(run, 'retractPublished.retracted');
  });
});

test('as a child for reply letters: publish false ends at the final approval with the approved version and hash', async () => {
  const { worker, taskQueue } = await setup();
  await worker.runUntil(async () => {
    const body = '申请人：\n\n您申请公开的信息属于公开范围，现予提供。（条例 第三十六条第二项）';
    const h = await start(taskQueue, demoItem({ title: '政府信息公开申请答复书', category: '依申请公开答复', body, author: 'liu.yang', section: '政务公开办公室', column: '依申请公开' }), false);
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['li.na'], checklist }] });
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['zhao.lei'] }] });
    const r = await h.result();
    expect(r).toMatchObject({ outcome: 'approved', version: 1, body, hash: contentHash({ title: '政府信息公开申请答复书', body, attachments: [] }) });
    expect(await getPublication(db, h.workflowId)).toBeUndefined();
    await keepHistory(h, 'reviewItem.approved-child-v2');
  });
});

test('unclaim, reassign (转办) within the group and delegate (委派) outside it, by a supervisor only', async () => {
  const { worker, taskQueue } = await setup();
  await worker.runUntil(async () => {
    const h = await start(taskQueue, demoItem({ title: '转办委派测试' }));
    expect((await refusal(h.executeUpdate(unclaimUpdate, { args: [{ actor: people['li.na'] }] }))).message).toMatch(/does not hold/);
    await h.executeUpdate(claimUpdate, { args: [{ actor: people['li.na'] }] });
    expect(await h.executeUpdate(unclaimUpdate, { args: [{ actor: people['li.na'] }] })).toMatchObject({ holder: null });
    // li.na is away: the supervisor delegates 初审 to liu.yang, who is not a section head.
    expect((await refusal(h.executeUpdate(delegateUpdate, { args: [{ actor: people['zhao.lei'], to: people['liu.yang'] }] }))).message).toMatch(/not a supervisor/);
    expect(await h.executeUpdate(delegateUpdate, { args: [{ actor: people['zhou.min'], to: people['liu.yang'] }] })).toMatchObject({ holder: 'liu.yang' });
    expect((await reviewQueue(db, people['liu.yang'])).map((q) => q.itemId)).toContain(h.workflowId);
    expect((await reviewQueue(db, people['li.na'])).map((q) => q.itemId)).not.toContain(h.workflowId);
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['liu.yang'] }] });
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['wang.fang'], checklist }] });
    await h.executeUpdate(claimUpdate, { args: [{ actor: people['zhao.lei'] }] });
    // Reassign only to a member of the stage's group.
    expect((await refusal(h.executeUpdate(reassignUpdate, { args: [{ actor: people['zhou.min'], to: people['wang.fang'] }] }))).message).toMatch(/not in group leaders/);
    expect(await h.executeUpdate(reassignUpdate, { args: [{ actor: people['zhou.min'], to: people['chen.jing'] }] })).toMatchObject({ holder: 'chen.jing' });
    expect((await refusal(h.executeUpdate(approveUpdate, { args: [{ actor: people['zhao.lei'] }] }))).message).toMatch(/held by chen.jing/);
    await h.executeUpdate(approveUpdate, { args: [{ actor: people['chen.jing'] }] });
    expect(await h.result()).toMatchObject({ outcome: 'published' });
    const audit = (await itemAudit(db, h.workflowId)).map((a) => `${a.actor} ${a.action}`);
    expect(audit).toEqual([
      'zhang.wei submit', 'li.na claim', 'li.na unclaim', 'zhou.min delegate', 'liu.yang approve', 'wang.fang approve',
      'zhao.lei claim', 'zhou.min reassign', 'chen.jing approve', 'system publish',
    ]);
  });
});
