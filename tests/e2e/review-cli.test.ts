import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { main } from '../../client/cli/main';
import type { CliIO } from '../../client/cli/io';
import type { Register } from '../../register/db';
import { itemAudit } from '../../register/review';
import { freshRegister } from '../../testing/register';
import { SmtpCapture } from '../../testing/smtp';
import { testActivities } from '../../testing/deps';
import { devServerEnv, testWorker, uniqueQueue } from '../../testing/temporal';
import { repoRoot } from '../../testing/tools';

let env: TestWorkflowEnvironment;
let db: Register & { url: string };
let worker: Worker;
let running: Promise<void>;
const smtp = new SmtpCapture();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-e2e-review-'));
const taskQueue = uniqueQueue('review-e2e');
const saved = { ...process.env };

beforeAll(async () => {
  [env, db] = await Promise.all([devServerEnv(), freshRegister(), smtp.start()]);
  // The CLI reads its configuration from the environment, as `npx gongkai` would.
  Object.assign(process.env, { TEMPORAL_ADDRESS: env.address, DATABASE_URL: db.url, TEMPORAL_TASK_QUEUE: taskQueue, DATA_DIR: dataDir, PUBLIC_URL: 'http://console.test' });
  worker = await testWorker(env, taskQueue, testActivities(db, smtp, { DATA_DIR: dataDir, PUBLIC_URL: 'http://console.test' }));
  running = worker.run();
});
afterAll(async () => {
  process.env = saved;
  worker?.shutdown();
  await running;
  await Promise.all([env?.teardown(), db?.destroy(), smtp.stop()]);
});

async function cli(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await main(argv, io);
  return { code, out, err };
}
async function queueOf(user: string): Promise<string[]> {
  const r = await cli('queue', '--as', user, '--json');
  expect(r.code).toBe(0);
  return (JSON.parse(r.out[0]) as { itemId: string; stage: string }[]).map((t) => `${t.itemId}:${t.stage}`);
}
const addr = (id: string) => `${id}@demo.gongkai.local`;
async function mailWith(subject: RegExp): Promise<string[][]> {
  const until = Date.now() + 20000;
  for (;;) {
    const hits = smtp.messages.filter((m) => subject.test(m.parsed.subject ?? ''));
    if (hits.length) return hits.map((m) => [...m.envelopeTo].sort());
    if (Date.now() > until) throw new Error(`no email ${subject}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('submit by CLI, three reviewers act by CLI, the approved text is on the static portal, emails and queues right', async () => {
  expect((await cli('users', 'import', path.join(repoRoot, 'demo/organisation.json'))).out).toEqual(['imported 9 users, 5 groups']);
  const body = '## 2026年度部门预算公开说明\n\n一、收支总体情况：收入 3,210.00 万元。\n\n"引号" & <尖括号> 原样保留。\n';
  const itemFile = path.join(dataDir, 'item.json');
  fs.writeFileSync(itemFile, JSON.stringify({ title: '2026年度社会救助专项资金规划', category: '规划计划', body, column: '规划计划' }));
  const submitted = await cli('item', 'submit', '--file', itemFile, '--as', 'zhang.wei');
  expect(submitted).toMatchObject({ code: 0, err: [] });
  const id = submitted.out[0];
  expect(id).toMatch(/^item-[0-9a-f-]{36}$/);

  expect(await queueOf('li.na')).toEqual([`${id}:first`]);
  expect(await queueOf('wang.fang')).toEqual([]);
  expect(await queueOf('zhao.lei')).toEqual([]);
  expect(await mailWith(/【待审核】初审/)).toEqual([[addr('li.na')]]);

  // The author cannot approve (four eyes); the refusal is in the audit trail, nothing else changed.
  const own = await cli('item', 'approve', id, '--as', 'zhang.wei');
  expect(own.code).toBe(1);
  expect(own.err[0]).toMatch(/^refused: .*not in group section-heads/);

  expect((await cli('item', 'claim', id, '--as', 'li.na')).code).toBe(0);
  expect((await cli('item', 'approve', id, '--as', 'li.na', '--comment', '文字关已过')).out[0]).toBe(`${id}: review second v1`);
  expect(await queueOf('li.na')).toEqual([]);
  expect(await queueOf('wang.fang')).toEqual([`${id}:second`]);
  expect(await mailWith(/【待审核】复审/)).toEqual([[addr('wang.fang')]]);

  const noChecklist = await cli('item', 'approve', id, '--as', 'wang.fang');
  expect(noChecklist.code).toBe(1);
  expect(noChecklist.err[0]).toMatch(/保密审查 checklist/);
  expect((await cli('item', 'approve', id, '--as', 'wang.fang', '--checklist')).code).toBe(0);
  expect(await queueOf('wang.fang')).toEqual([]);
  expect(await queueOf('zhao.lei')).toEqual([`${id}:final`]);
  expect(await queueOf('chen.jing')).toEqual([`${id}:final`]);
  expect(await mailWith(/【待审核】终审/)).toEqual([[addr('chen.jing'), addr('zhao.lei')]]);

  expect((await cli('item', 'approve', id, '--as', 'zhao.lei')).code).toBe(0);
  expect(await queueOf('zhao.lei')).toEqual([]);
  expect(await queueOf('chen.jing')).toEqual([]);

  const record = path.join(dataDir, 'site/items', `${id}.json`);
  for (let i = 0; i < 400 && !fs.existsSync(record); i++) await new Promise((r) => setTimeout(r, 50));
  expect(JSON.parse(fs.readFileSync(record, 'utf8')).body).toBe(body);
  const html = fs.readFileSync(path.join(dataDir, 'site/items', `${id}.html`), 'utf8');
  // Markdown is rendered, then passed through the allowlist, which writes text quotes as they are (safe in text).
  expect(html).toContain('<p>"引号" &amp; &lt;尖括号&gt; 原样保留。</p>');
  expect(fs.readFileSync(path.join(dataDir, 'site/columns/规划计划.html'), 'utf8')).toContain(`items/${id}.html`);
  const published = await mailWith(/【已发布】2026年度社会救助专项资金规划/);
  expect(published).toEqual([[addr('zhang.wei')]]);

  const shown = await cli('item', 'show', id);
  expect(shown.code).toBe(0);
  expect(shown.out.join('\n')).toMatch(/状态 published/);
  const audit = await itemAudit(db, id);
  expect(audit.map((a) => `${a.actor} ${a.action} ${a.outcome}`)).toEqual([
    'zhang.wei submit done', 'zhang.wei approve refused', 'li.na claim done', 'li.na approve done', 'wang.fang approve refused',
    'wang.fang approve done', 'zhao.lei approve done', 'system publish done',
  ]);
  // Exactly one email per transition: nothing sent twice.
  expect(smtp.messages.filter((m) => m.parsed.subject?.includes('2026年度社会救助专项资金规划')).length).toBe(4);
  expect((await cli('item', 'approve', id)).code).toBe(2);
  expect((await cli('item', 'approve', 'item-00000000-0000-0000-0000-000000000000', '--as', 'li.na')).err[0]).toMatch(/没有稿件 item-0{8}/);

  // Issue 16: the review completed at publication; a 撤稿 starts its own workflow, with the same rule and audit.
  for (let i = 0; i < 200 && (await env.client.workflow.getHandle(id).describe()).status.name === 'RUNNING'; i++) await new Promise((r) => setTimeout(r, 50));
  expect((await env.client.workflow.getHandle(id).describe()).status.name).toBe('COMPLETED');
  const notSupervisor = await cli('item', 'retract', id, '--as', 'zhao.lei', '--reason', '核实');
  expect([notSupervisor.code, notSupervisor.err[0]]).toEqual([1, 'refused: zhao.lei is not a supervisor']);
  expect(fs.existsSync(path.join(dataDir, 'site/items', `${id}.html`))).toBe(true);
  expect((await cli('item', 'retract', id, '--as', 'zhou.min', '--reason', '数据有误，撤稿核实')).code).toBe(0);
  expect(fs.existsSync(path.join(dataDir, 'site/items', `${id}.html`))).toBe(false);
  expect((await itemAudit(db, id)).slice(-2).map((a) => `${a.actor} ${a.action} ${a.outcome}`)).toEqual(['zhao.lei retract refused', 'zhou.min retract done']);
  expect(await mailWith(/【已撤稿】2026年度社会救助专项资金规划/)).toEqual([[addr('zhang.wei')]]);

  // A withdrawn item's review has ended: acting on it is refused and logged.
  const second = await cli('item', 'submit', '--file', itemFile, '--as', 'zhang.wei');
  const id2 = second.out[0];
  expect((await cli('item', 'withdraw', id2, '--as', 'zhang.wei', '--reason', '重复提交')).out[0]).toBe(`${id2}: withdrawn v1`);
  for (let i = 0; i < 200 && (await env.client.workflow.getHandle(id2).describe()).status.name === 'RUNNING'; i++) await new Promise((r) => setTimeout(r, 50));
  const late = await cli('item', 'approve', id2, '--as', 'li.na');
  expect(late.code).toBe(1);
  expect(late.err[0]).toBe(`refused: ${id2} 的审核已经结束（已撤回）`);
  expect(await queueOf('li.na')).toEqual([]);
  expect((await itemAudit(db, id2)).map((a) => `${a.action} ${a.outcome}`)).toEqual(['submit done', 'withdraw done', 'approve refused']);
});
