/**
 * `npx tsx bench/load.ts [N] [CONCURRENCY] [--only review|applications]` (default 30 of each, 10 at a time), on a
 * local dev server and a SQLite register (TEST_DATABASE_URL=postgres://... for PostgreSQL), with an in-process SMTP
 * server. Each section runs first with ONE worker process, then with TWO fresh ones on a new task queue. Worker
 * processes are testing/faultWorker.ts: the production activities and workflows.
 *
 * - review: reviewItem end to end (submit through the service layer, 初审, 复审 with the checklist, 终审,
 *   publication to the static portal, four emails).
 * - applications: handleApplication end to end on its default path: registered through the service the CLI and
 *   the HTTP API use (registerApplication, as the portal `api:portal`), assigned by the office (sun.li → liu.yang),
 *   decided `granted` (legal basis and provision), the reply letter rendered (DOCX) and reviewed by three people in
 *   its child reviewItem (liu.yang drafts, li.na 科室负责人审核 with the checklist, zhao.lei 分管领导签发, through
 *   the review service once the task is in li.na's queue), delivery by email recorded; the workflow's result ends it.
 *   No 补正, consultation or extension: one timer-free pass.
 *
 * Prints workflows per second, the p50/p95 time from an action to the register row showing it (overall and per
 * action), the peak RSS of each worker process, and history events per workflow (for an application: its own
 * history plus its letter's child reviewItem).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import type { Services } from '../client/context';
import { applicationHandle, registerApplication } from '../client/services/applications';
import { act, queue, submitItem, type Action } from '../client/services/review';
import type { DecisionInput, IntakeInput } from '../domain/application';
import { shanghaiDate } from '../domain/calendar';
import * as d from '../workflows/application/definitions';
import { freshRegister } from '../testing/register';
import { SmtpCapture } from '../testing/smtp';
import { testConfig } from '../testing/deps';
import { uniqueQueue } from '../testing/temporal';
import { DevServerProcess, WorkerProcess } from '../testing/faults';
import { bundleWorkflows } from '../worker/bundle';
import { checklist, demoItem, importDemoOrg } from '../testing/review-helpers';
import { fullChecklist, REPLY_LETTER_CATEGORY } from '../domain/review/input';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

/** Polls until `seen` answers truthy; a run that never gets there fails after two minutes, naming what it waited for. */
async function until<T>(what: string, seen: () => Promise<T | undefined | false>, everyMs = 5): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const v = await seen();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`never: ${what}`);
    await sleep(everyMs);
  }
}

interface Section {
  workflows: number;
  seconds: number;
  /** Action label → latencies (ms) from sending it to the register row showing it. */
  latencies: Map<string, number[]>;
  peakRssMb: number[];
  /** History events per workflow (an application's includes its letter's child). */
  events: number[];
  /** For applications: the parent's and the child's share. */
  eventParts?: { parent: number[]; child: number[] };
  emails: number;
}

type Bench = { services: Services; timed: <T>(label: string, f: () => Promise<T>, shown: (r: T) => Promise<unknown>) => Promise<T> };

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { only: { type: 'string' } }, allowPositionals: true });
  const n = Number(positionals[0] ?? 30);
  const concurrency = Number(positionals[1] ?? 10);
  const only = values.only;
  if (!(n > 0) || !(concurrency > 0) || (only !== undefined && only !== 'review' && only !== 'applications')) {
    console.error('usage: npx tsx bench/load.ts [N] [CONCURRENCY] [--only review|applications]');
    process.exit(2);
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-load-'));
  const bundlePath = path.join(root, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, await bundleWorkflows());
  process.env.GONGKAI_WORKFLOW_BUNDLE = bundlePath; // inherited by the worker processes
  const server = await new DevServerProcess(path.join(root, 'temporal')).start();
  const [db, smtp] = await Promise.all([freshRegister(), new SmtpCapture().start()]);
  await importDemoOrg(db);
  const connection = await Connection.connect({ address: server.address });
  const temporal = new Client({ connection });
  console.log(`cpus: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}; node ${process.version}; register ${db.dialectName}; ${n} workflows per run, ${concurrency} at a time`);

  /** Runs `body` for each of `n` workflows, `concurrency` at a time, on `workerCount` fresh worker processes. */
  const run = async (name: string, workerCount: number, body: (b: Bench, i: number) => Promise<void>): Promise<Section> => {
    const taskQueue = uniqueQueue(`load-${name}-${workerCount}`);
    const dataDir = path.join(root, taskQueue);
    const services: Services = { config: testConfig({ TEMPORAL_TASK_QUEUE: taskQueue, DATA_DIR: dataDir, SMTP_URL: smtp.url }), db, temporal, close: async () => {} };
    const workers = await Promise.all(
      Array.from({ length: workerCount }, () =>
        new WorkerProcess({ temporalAddress: server.address, taskQueue, databaseUrl: db.url, smtpUrl: smtp.url, dataDir }).ready(),
      ),
    );
    const peak = workers.map(() => 0);
    const sampler = setInterval(() => workers.forEach((w, i) => (peak[i] = Math.max(peak[i], w.rssMb()))), 250);
    const latencies = new Map<string, number[]>();
    /** The time from sending an action to the register showing it (updates return after their write; the poll confirms). */
    const timed: Bench['timed'] = async (label, f, shown) => {
      const t0 = performance.now();
      const r = await f();
      await shown(r);
      const list = latencies.get(label) ?? [];
      list.push(performance.now() - t0);
      latencies.set(label, list);
      return r;
    };
    const emailsBefore = smtp.messages.length;
    const t0 = performance.now();
    let next = 0;
    try {
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < n) await body({ services, timed }, next++);
        }),
      );
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - t0) / 1000;
    await Promise.all(workers.map((w) => w.stop()));
    return { workflows: n, seconds, latencies, peakRssMb: peak, events: [], emails: smtp.messages.length - emailsBefore };
  };

  const auditRow = (subjectId: string, actor: string, action: string) => () =>
    db.selectFrom('audit_log').select('id').where('subject_id', '=', subjectId).where('actor', '=', actor).where('action', '=', action).executeTakeFirst();
  const applicationEvent = (id: string, type: string) => () =>
    db.selectFrom('application_events').select('id').where('application_id', '=', id).where('type', '=', type).executeTakeFirst();
  const historyLength = async (workflowId: string) => (await temporal.workflow.getHandle(workflowId).fetchHistory()).events?.length ?? 0;
  /** What one workflow's history is made of, by kind of event (activities by name): where the next cut would come from. */
  const composition = async (workflowId: string) => {
    const events = (await temporal.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const kinds = new Map<string, number>();
    const activities = new Map<string, number>();
    for (const e of events) {
      const name = String(proto.api.enums.v1.EventType[e.eventType ?? 0]).replace(/^EVENT_TYPE_/, '');
      const kind = name.startsWith('ACTIVITY_TASK') ? 'activity' : name.startsWith('WORKFLOW_TASK') ? 'workflow task' : name.startsWith('WORKFLOW_EXECUTION_UPDATE') ? 'update'
        : name.replace(/_(STARTED|FIRED|CANCELED|INITIATED|COMPLETED|RECORDED)$/, '').toLowerCase();
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      const type = e.activityTaskScheduledEventAttributes?.activityType?.name;
      if (type) activities.set(type, (activities.get(type) ?? 0) + 1);
    }
    return `${workflowId}: ${events.length} = ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}; activities ${[...activities].map(([k, n]) => `${k} ×${n}`).join(', ')}`;
  };

  // ---- reviewItem ----
  const review = async (workerCount: number): Promise<Section> => {
    const ids: string[] = [];
    const s = await run('review', workerCount, async ({ services, timed }, i) => {
      const { itemId } = await timed('submit', () => submitItem(services, demoItem({ title: `负载测试 ${i}` }), 'zhang.wei'), (r) => until('submit row', auditRow(r.itemId, 'zhang.wei', 'submit')));
      ids.push(itemId);
      const step = (label: string, who: string, a: Action) => timed(label, () => act(services, itemId, who, a), () => until(`${who} ${a.action}`, auditRow(itemId, who, a.action)));
      await step('初审 approve', 'li.na', { action: 'approve' });
      await step('复审 approve', 'wang.fang', { action: 'approve', checklist });
      await step('终审 approve', 'zhao.lei', { action: 'approve' });
      // Items submitted through the service stay open after publication (for 撤稿): done is the register saying so.
      await until('publish row', auditRow(itemId, 'system', 'publish'));
    });
    s.events = await Promise.all(ids.map(historyLength));
    return s;
  };

  // ---- handleApplication ----
  const decision: DecisionInput = { outcome: 'granted', legalBasis: '《中华人民共和国政府信息公开条例》第三十六条第（二）项', provision: '以电子邮件方式提供' };
  const applications = async (workerCount: number): Promise<Section> => {
    const ids: string[] = [];
    const s = await run('applications', workerCount, async ({ services, timed }, i) => {
      const today = shanghaiDate(Date.now());
      const intake: IntakeInput = {
        channel: 'online',
        submittedOn: today,
        confirmedOn: today,
        applicant: {
          type: 'naturalPerson',
          name: '王小明',
          idDocument: { number: `4306021990010${workerCount}${String(i).padStart(4, '0')}` }, // one applicant each
          address: '湖南省永州市零陵区南津中路12号',
          email: `applicant${workerCount}-${i}@test.local`,
        },
        content: `请公开本局2026年第${i + 1}批城乡低保资金发放明细（负载测试 ${workerCount}-${i}）`,
        delivery: 'email',
        externalRef: `load-${workerCount}-${i}`,
      };
      // The service the CLI (`application register`) and the portal API (POST /api/applications) call.
      const { id } = await timed('register → received', () => registerApplication(services, intake, 'api:portal'), (r) => until('received', applicationEvent(r.id, 'received')));
      ids.push(id);
      const handle = applicationHandle(services, id);
      await timed('assign', () => handle.executeUpdate(d.assignUpdate, { args: [{ actor: 'sun.li', handler: 'liu.yang' }] }), () => until('assigned', applicationEvent(id, 'assigned')));
      await timed('decide', () => handle.executeUpdate(d.decideUpdate, { args: [{ actor: 'liu.yang', decision }] }), () => until('decided', applicationEvent(id, 'decided')));
      // The letter's review: the child submitted it as liu.yang; 科室负责人 li.na, then 分管领导 zhao.lei.
      const itemId = `application-${id}-letter-1`;
      await until(`${itemId} in li.na's queue`, async () => (await queue(services, 'li.na')).some((q) => q.itemId === itemId), 20);
      await timed('letter 科室负责人 approve', () => act(services, itemId, 'li.na', { action: 'approve', checklist: fullChecklist(REPLY_LETTER_CATEGORY) }), () => until('li.na approve', auditRow(itemId, 'li.na', 'approve')));
      // The final approval ends the child; the application shows it as its letterReady event.
      await timed('letter 分管领导 approve → letterReady', () => act(services, itemId, 'zhao.lei', { action: 'approve' }), () => until('letterReady', applicationEvent(id, 'letterReady')));
      await until('awaitingDelivery', async () => (await handle.query(d.stateQuery)).stage === 'awaitingDelivery', 20);
      await timed('deliver → closed', () => handle.executeUpdate(d.recordDeliveryUpdate, { args: [{ actor: 'liu.yang', method: 'email', date: today }] }), () => until('closed', applicationEvent(id, 'closed')));
      const result = await handle.result();
      if (result.outcome !== 'granted') throw new Error(`${id}: ended ${JSON.stringify(result)}`);
    });
    const parent = await Promise.all(ids.map((id) => historyLength(`application-${id}`)));
    const child = await Promise.all(ids.map((id) => historyLength(`application-${id}-letter-1`)));
    s.events = parent.map((p, k) => p + child[k]);
    s.eventParts = { parent, child };
    console.log(`  ${await composition(`application-${ids[0]}`)}\n  ${await composition(`application-${ids[0]}-letter-1`)}`);
    return s;
  };

  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const print = (kind: string, workerCount: number, s: Section) => {
    const all = [...s.latencies.values()].flat();
    const parts = s.eventParts ? ` = ${mean(s.eventParts.parent).toFixed(0)} handleApplication + ${mean(s.eventParts.child).toFixed(0)} letter reviewItem` : '';
    console.log(
      `${workerCount} worker process${workerCount > 1 ? 'es' : ''}: ${s.workflows} ${kind} workflows in ${s.seconds.toFixed(1)} s = ${(s.workflows / s.seconds).toFixed(2)} workflows/s; ` +
        `action → register p50 ${pct(all, 50).toFixed(0)} ms, p95 ${pct(all, 95).toFixed(0)} ms (${all.length} actions); ` +
        `worker peak RSS ${s.peakRssMb.map((m) => `${m.toFixed(0)} MB`).join(' + ')}; ` +
        `history ${mean(s.events).toFixed(0)} events/workflow${parts} (goal ≤ ${s.eventParts ? 100 : 60}, issue 16; min ${Math.min(...s.events)}, max ${Math.max(...s.events)}); ${s.emails} emails`,
    );
    console.log(`  per action p50/p95 ms: ${[...s.latencies].map(([label, xs]) => `${label} ${pct(xs, 50).toFixed(0)}/${pct(xs, 95).toFixed(0)}`).join('; ')}`);
  };

  try {
    if (only !== 'applications') {
      console.log('\n== reviewItem: submit, 初审, 复审 (checklist), 终审, publication ==');
      for (const workerCount of [1, 2]) print('reviewItem', workerCount, await review(workerCount));
      console.log(`(at most 4 emails per item: a task email is skipped when its stage is passed before it goes out)`);
    }
    if (only !== 'review') {
      console.log('\n== handleApplication: register (service layer), assign, decide granted, letter reviewed by 3 (liu.yang → li.na → zhao.lei), delivery ==');
      for (const workerCount of [1, 2]) print('handleApplication', workerCount, await applications(workerCount));
    }
  } finally {
    await connection.close();
    await Promise.all([server.stop(), db.destroy(), smtp.stop()]);
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
