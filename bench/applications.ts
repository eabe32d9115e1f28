/**
 * `npx tsx bench/applications.ts [N] [--cache C]` (default 10000 applications, the worker's default cache): N open
 * disclosure applications (handleApplication, the production activities in a worker PROCESS, SQLite register, an
 * in-process SMTP server) on a local dev server. Prints the time to open them, the worker process's memory while
 * they are open (RSS, and the workflows it keeps cached: WORKER_MAX_CACHED_WORKFLOWS), then the cost of a calendar
 * change through the calendar service (`addCalendarOverride`, as `gongkai calendar override add`): first a day after
 * every case's dates (it must reach none), then a working day inside every case's 20-day window (it reaches all),
 * and the time until every register row carries the recomputed due date and the new calendar version. Cases evicted
 * from the cache are replayed from their history when the signal arrives: that is the cost measured. Each figure
 * is printed beside its goal (issue 16).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../config';
import { addCalendarOverride, calendarFanOuts } from '../client/services/calendar';
import { intakeSchema } from '../domain/application';
import { Calendar, shanghaiDate } from '../domain/calendar';
import { organisationFile } from '../domain/org';
import { insertApplication } from '../register/applications';
import { loadCalendarData } from '../register/calendar';
import { importOrganisation } from '../register/org';
import { DevServerProcess, until, WorkerProcess } from '../testing/faults';
import { freshRegister } from '../testing/register';
import { SmtpCapture } from '../testing/smtp';
import { uniqueQueue } from '../testing/temporal';
import { repoRoot } from '../testing/tools';
import { bundleWorkflows } from '../worker/bundle';

/** How long the benchmark waits for a phase: 10,000 cases take most of an hour on the dev server. */
const HOURS = 4 * 3_600_000;
const seconds = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const cacheArg = args.indexOf('--cache');
  const cache = cacheArg >= 0 ? Number(args.splice(cacheArg, 2)[1]) : loadConfig({}).WORKER_MAX_CACHED_WORKFLOWS;
  // --heap-mb N: the worker process's V8 old space (each thread's), to see how much of its RSS is uncollected garbage.
  const heapArg = args.indexOf('--heap-mb');
  const heapMb = heapArg >= 0 ? Number(args.splice(heapArg, 2)[1]) : undefined;
  const n = Number(args[0] ?? 10_000);
  const concurrency = 50;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-app-'));
  process.env.GONGKAI_WORKFLOW_BUNDLE = path.join(root, 'workflow-bundle.js'); // passed on to the worker process
  fs.writeFileSync(process.env.GONGKAI_WORKFLOW_BUNDLE, await bundleWorkflows());
  const server = await new DevServerProcess(path.join(root, 'temporal')).start();
  const [db, smtp] = await Promise.all([freshRegister(), new SmtpCapture().start()]);
  const connection = await Connection.connect({ address: server.address });
  const temporal = new Client({ connection });
  console.log(`cpus: ${os.cpus().length}; node ${process.version}; register ${db.dialectName}; ${n} applications; worker cache ${cache} workflows${heapMb ? `; worker old space ${heapMb} MB` : ''}`);
  let worker: WorkerProcess | undefined;
  try {
    await importOrganisation(db, organisationFile.parse(JSON.parse(fs.readFileSync(path.join(repoRoot, 'demo/organisation.json'), 'utf8'))));
    const taskQueue = uniqueQueue('bench-app');
    // The production worker (testing/faultWorker.ts) in its own process, so its memory is its own.
    const w = (worker = await new WorkerProcess({ temporalAddress: server.address, taskQueue, databaseUrl: db.url, smtpUrl: smtp.url, dataDir: path.join(root, 'data'), cache, memoryReportMs: 2000, nodeFlags: heapMb ? [`--max-old-space-size=${heapMb}`] : [] }).ready());
    const rss0 = w.rssMb();
    let peak = rss0;
    const sampler = setInterval(() => (peak = Math.max(peak, w.rssMb())), 500);
    const today = shanghaiDate(Date.now());
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < n; i = next++) {
          const intake = intakeSchema.parse({ channel: 'in-person', submittedOn: today, applicant: { type: 'naturalPerson', name: `申请人${i}`, idDocument: { number: `4306021990${String(i).padStart(8, '0')}` } }, content: `基准测试申请 ${i}：请公开第${i}号文件` });
          const { row } = await insertApplication(db, { intake, agencyCode: 'BENCH', actor: 'liu.yang', now: new Date().toISOString() });
          await temporal.workflow.start('handleApplication', { taskQueue, workflowId: row.workflow_id, args: [{ id: row.id, registeredBy: 'liu.yang' }] });
          if ((i + 1) % 1000 === 0) console.log(`  ${i + 1} started after ${seconds(t0)}`);
        }
      }),
    );
    const count = async (column: 'due_date' | 'calendar_version', value?: string) => {
      let q = db.selectFrom('applications').select((eb) => eb.fn.countAll().as('c'));
      q = value === undefined ? q.where(column, 'is not', null) : q.where(column, '=', value);
      return Number((await q.executeTakeFirstOrThrow()).c);
    };
    await until('all applications open with a due date', async () => (await count('due_date')) >= n, HOURS);
    const openSeconds = (performance.now() - t0) / 1000;
    console.log(`${n} applications open in ${openSeconds.toFixed(1)} s (${(n / openSeconds).toFixed(1)}/s; goal: 10,000 in ≤ 500 s, 20/s); ${smtp.messages.length} emails`);
    await new Promise((r) => setTimeout(r, 5000)); // let the last tasks finish before measuring
    console.log(`worker process while open: RSS ${w.rssMb().toFixed(0)} MB (goal ≤ 500 MB with 10,000 open; ${rss0.toFixed(0)} MB at start, peak ${peak.toFixed(0)} MB), at most ${cache} workflows cached`);
    const m = w.memory();
    if (m) console.log(`  of which: main thread's V8 heap ${m.heapUsed} MB used of ${m.heapTotal} MB, buffers outside it ${m.external} MB; the rest (${m.rss - m.heapTotal - m.external} MB) is the workflow threads' heaps and native memory; ${m.cached} workflows cached`);

    // Issue 16: a change reaches only the cases whose dates it moves. First a day after every case's window.
    const ctx = { db, temporal };
    const before = new Calendar(await loadCalendarData(db));
    const outside = before.addWorkdays(today, 25).date;
    const t2 = performance.now();
    const far = (await addCalendarOverride(ctx, { date: outside, kind: 'off', reason: '基准测试：期限之外' }, 'admin')).fanOut!;
    console.log(`override on ${outside}, after every case's dates: ${far.reached!.length} of ${far.openCases} open cases signalled in ${seconds(t2)} (goal: cases it does not move receive nothing)`);
    // Then a working day inside every case's 20-day window: each due date moves one working day.
    const off = before.addWorkdays(today, 10).date;
    peak = w.rssMb();
    const t1 = performance.now();
    const r = await addCalendarOverride(ctx, { date: off, kind: 'off', reason: '基准测试：临时停工' }, 'admin');
    const fan = r.fanOut!;
    const payload = Buffer.byteLength(JSON.stringify({ version: r.version, reason: `calendar override ${off} day off (基准测试：临时停工) by admin`, changedDays: fan.changedDays, changedCount: fan.changedDays!.length }));
    console.log(`override on ${off}: ${fan.reached!.length} of ${fan.openCases} open cases moved; ${fan.signalled} signalled, ${fan.closed} closed, ${fan.failed.length} failed in ${seconds(t1)}; signal payload about ${payload} bytes (goal < 1 KiB)`);
    await until('every register row recomputed', async () => (await count('calendar_version', r.version)) >= n, HOURS);
    const expected = new Calendar(await loadCalendarData(db)).addWorkdays(today, 20).date;
    const right = await count('due_date', expected);
    console.log(`recomputed in the register: ${n} rows in ${seconds(t1)} after the override (goal ≤ 60 s; due ${before.addWorkdays(today, 20).date} → ${expected}: ${right} rows)`);
    const [record] = await calendarFanOuts(ctx, 1);
    console.log(`recorded for the admin (gongkai calendar fanouts): ${record.reached.length} reached, ${record.recomputed} recomputed`);
    clearInterval(sampler);
    console.log(`worker process during the recompute: peak RSS ${peak.toFixed(0)} MB, after ${w.rssMb().toFixed(0)} MB`);
  } finally {
    await worker?.stop();
    await connection.close();
    await Promise.all([server.stop(), db.destroy(), smtp.stop()]);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
