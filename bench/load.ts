/**
 * `npx tsx bench/load.ts [N] [CONCURRENCY]` (default 30 items, 10 at a time): reviewItem end to end (submit through
 * the service layer, 初审, 复审 with the checklist, 终审, publication to the static portal, four emails to an
 * in-process SMTP server, SQLite register) on a local dev server, first with ONE worker process, then with TWO
 * on the same task queue. Worker processes are tests/faults/worker.ts: the production activities and workflows.
 * Prints workflows per second, the p50/p95 time from an action (submit or approve) to the register showing it,
 * the peak RSS of each worker process, and history events per workflow.
 * (handleApplication is not in this benchmark yet: its tests were not finished when this was written.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { act, submitItem, type Action } from '../client/services/review';
import { freshRegister } from '../tests/helpers/register';
import { SmtpCapture } from '../tests/helpers/smtp';
import { testConfig } from '../tests/helpers/deps';
import { uniqueQueue } from '../tests/helpers/temporal';
import { DevServerProcess, WorkerProcess } from '../tests/helpers/faults';
import { checklist, demoItem, importDemoOrg } from '../tests/workflows/review-helpers';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 30);
  const concurrency = Number(process.argv[3] ?? 10);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-load-'));
  const bundlePath = path.join(root, 'workflow-bundle.js');
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: new DefaultLogger('ERROR') });
  fs.writeFileSync(bundlePath, code);
  process.env.GONGKAI_WORKFLOW_BUNDLE = bundlePath; // inherited by the worker processes
  const server = await new DevServerProcess(path.join(root, 'temporal')).start();
  const [db, smtp] = await Promise.all([freshRegister(), new SmtpCapture().start()]);
  await importDemoOrg(db);
  const connection = await Connection.connect({ address: server.address });
  const temporal = new Client({ connection });
  console.log(`cpus: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}; node ${process.version}; register ${db.dialectName}; ${n} items, ${concurrency} at a time`);
  try {
    for (const workerCount of [1, 2]) {
      const taskQueue = uniqueQueue(`load-${workerCount}`);
      const dataDir = path.join(root, taskQueue);
      const services = { config: testConfig({ TEMPORAL_TASK_QUEUE: taskQueue, DATA_DIR: dataDir, SMTP_URL: smtp.url }), db, temporal };
      const workers = await Promise.all(
        Array.from({ length: workerCount }, () =>
          new WorkerProcess({ temporalAddress: server.address, taskQueue, databaseUrl: db.url, smtpUrl: smtp.url, dataDir }).ready(),
        ),
      );
      const peak = workers.map(() => 0);
      const sampler = setInterval(() => workers.forEach((w, i) => (peak[i] = Math.max(peak[i], w.rssMb()))), 250);
      const latencies: number[] = [];
      const waitRow = async (id: string, actor: string, action: string) => {
        for (;;) {
          const row = await db.selectFrom('audit_log').select('id').where('subject_id', '=', id).where('actor', '=', actor).where('action', '=', action).executeTakeFirst();
          if (row) return;
          await new Promise((res) => setTimeout(res, 5));
        }
      };
      /** The time from sending an action to the register showing its audit row (updates return after the write). */
      const timed = async <T>(itemId: () => string | undefined, actor: string, action: string, f: () => Promise<T>): Promise<T> => {
        const t0 = performance.now();
        const r = await f();
        await waitRow(itemId() ?? (r as { itemId: string }).itemId, actor, action);
        latencies.push(performance.now() - t0);
        return r;
      };
      const ids: string[] = [];
      const t0 = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < n) {
            const i = next++;
            const { itemId } = await timed(() => undefined, 'zhang.wei', 'submit', () => submitItem(services, demoItem({ title: `负载测试 ${i}` }), 'zhang.wei'));
            ids.push(itemId);
            const step = (who: string, a: Action) => timed(() => itemId, who, a.action, () => act(services, itemId, who, a));
            await step('li.na', { action: 'approve' });
            await step('wang.fang', { action: 'approve', checklist });
            await step('zhao.lei', { action: 'approve' });
            // Items submitted through the service stay open after publication (for 撤稿): done is the register saying so.
            await waitRow(itemId, 'system', 'publish');
          }
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      clearInterval(sampler);
      const events = await Promise.all(ids.map(async (id) => (await temporal.workflow.getHandle(id).fetchHistory()).events?.length ?? 0));
      const meanEvents = events.reduce((a, b) => a + b, 0) / events.length;
      console.log(
        `${workerCount} worker process${workerCount > 1 ? 'es' : ''}: ${n} reviewItem workflows in ${seconds.toFixed(1)} s = ${(n / seconds).toFixed(2)} workflows/s; ` +
          `action → register p50 ${pct(latencies, 50).toFixed(0)} ms, p95 ${pct(latencies, 95).toFixed(0)} ms (${latencies.length} actions); ` +
          `worker peak RSS ${peak.map((m) => `${m.toFixed(0)} MB`).join(' + ')}; history ${meanEvents.toFixed(0)} events/workflow (min ${Math.min(...events)}, max ${Math.max(...events)})`,
      );
      await Promise.all(workers.map((w) => w.stop()));
    }
    console.log(`emails delivered: ${smtp.messages.length} (at most ${2 * n * 4}: a task email is skipped when its stage is passed before it goes out)`);
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
