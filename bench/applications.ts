/**
 * `npx tsx bench/applications.ts [N]` (default 10000): N open disclosure applications (handleApplication, real
 * activities, SQLite register, in-process SMTP) on a local dev server with one in-process worker. Prints the time
 * to open them, the worker's memory while they are open (RSS, heap, workflows cached), then the cost of a calendar
 * change: an agency override on a working day inside every case's 20-day window, the fan-out of
 * `recomputeDeadlines` (the calendar service's own `fanOutRecompute`) and the time until every register row
 * carries the recomputed due date and the new calendar version.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fanOutRecompute } from '../client/services/calendar';
import { intakeSchema } from '../domain/application';
import { Calendar, shanghaiDate } from '../domain/calendar';
import { organisationFile } from '../domain/org';
import { insertApplication } from '../register/applications';
import { loadCalendarData, setCalendarOverride } from '../register/calendar';
import { importOrganisation } from '../register/org';
import { freshRegister } from '../tests/helpers/register';
import { SmtpCapture } from '../tests/helpers/smtp';
import { testActivities } from '../tests/helpers/deps';
import { devServerEnv, testWorker, uniqueQueue } from '../tests/helpers/temporal';
import { repoRoot } from '../tests/helpers/tools';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const seconds = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

async function until(what: string, ok: () => Promise<boolean>, timeoutMs = 3_600_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 10_000);
  const concurrency = 50;
  const [env, db, smtp] = await Promise.all([devServerEnv(), freshRegister(), new SmtpCapture().start()]);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-app-'));
  try {
    await importOrganisation(db, organisationFile.parse(JSON.parse(fs.readFileSync(path.join(repoRoot, 'demo/organisation.json'), 'utf8'))));
    const taskQueue = uniqueQueue('bench-app');
    const worker = await testWorker(env, taskQueue, testActivities(db, smtp, { DATA_DIR: dataDir }), { maxCachedWorkflows: n + 100 });
    await worker.runUntil(async () => {
      const today = shanghaiDate(Date.now());
      const rss0 = process.memoryUsage().rss;
      const t0 = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          for (let i = next++; i < n; i = next++) {
            const intake = intakeSchema.parse({ channel: 'in-person', submittedOn: today, applicant: { type: 'naturalPerson', name: `申请人${i}`, idDocument: { number: `4306021990${String(i).padStart(8, '0')}` } }, content: `基准测试申请 ${i}：请公开第${i}号文件` });
            const { row } = await insertApplication(db, { intake, agencyCode: 'BENCH', actor: 'liu.yang', now: new Date().toISOString() });
            await env.client.workflow.start('handleApplication', { taskQueue, workflowId: row.workflow_id, args: [{ id: row.id, registeredBy: 'liu.yang' }] });
          }
        }),
      );
      const opened = async () => Number((await db.selectFrom('applications').select((eb) => eb.fn.countAll().as('c')).where('due_date', 'is not', null).executeTakeFirstOrThrow()).c) >= n;
      await until('all applications open with a due date', opened);
      console.log(`${n} applications open in ${seconds(t0)}`);
      global.gc?.();
      const mem = process.memoryUsage();
      console.log(`worker process while open: RSS ${mb(mem.rss)} (+${mb(mem.rss - rss0)}), heap used ${mb(mem.heapUsed)}, ${worker.getStatus().numCachedWorkflows} workflows cached`);

      // A working day inside every case's 20-day window becomes a day off: each due date moves one working day.
      const before = new Calendar(await loadCalendarData(db));
      const off = before.addWorkdays(today, 10).date;
      await setCalendarOverride(db, { date: off, kind: 'off', reason: '基准测试：临时停工' }, 'admin', new Date().toISOString());
      const calendar = await loadCalendarData(db);
      // The fan-out lists by search attribute: wait until visibility shows every open case.
      await until('visibility lists every case', async () => (await env.client.workflow.count(`GongkaiDue IS NOT NULL AND TaskQueue = "${taskQueue}"`)).count >= n);
      const t1 = performance.now();
      const fan = await fanOutRecompute(env.client, calendar, `bench override ${off}`);
      console.log(`fan-out: ${fan.signalled} signalled, ${fan.closed} closed, ${fan.failed.length} failed in ${seconds(t1)}`);
      const moved = async () =>
        Number((await db.selectFrom('applications').select((eb) => eb.fn.countAll().as('c')).where('calendar_version', '=', calendar.version).executeTakeFirstOrThrow()).c) >= n;
      await until('every register row recomputed', moved);
      const expected = new Calendar(calendar).addWorkdays(today, 20).date;
      const right = await db.selectFrom('applications').select((eb) => eb.fn.countAll().as('c')).where('due_date', '=', expected).executeTakeFirstOrThrow();
      console.log(`recomputed in the register: ${n} rows in ${seconds(t1)} after the override (due ${before.addWorkdays(today, 20).date} → ${expected}: ${right.c} rows)`);
      const after = process.memoryUsage();
      console.log(`worker process after: RSS ${mb(after.rss)}, heap used ${mb(after.heapUsed)}`);
    });
  } finally {
    await Promise.all([env.teardown(), db.destroy(), smtp.stop()]);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
