/**
 * A real worker process for the fault-injection tests and bench/load.ts: the production worker (productionDeps,
 * createActivities, the task queue from the environment) on the workflow bundle that jest's global setup built
 * (GONGKAI_WORKFLOW_BUNDLE, or .tools/cache/workflow-bundle.js), so a process starts in a second, not after a
 * re-bundle. Configured by the same environment as worker/main.ts (TEMPORAL_ADDRESS, DATABASE_URL, SMTP_URL,
 * DATA_DIR, TEMPORAL_TASK_QUEUE).
 *
 * One fault hook, for tests only: FAULT_PAUSE_AFTER=<activity>#<n>:<ms> makes the n-th call of that activity in this
 * process, after its side effect and before it reports success, print `paused-after <activity> <n>` and wait <ms>; the test kills the process
 * with SIGKILL in that window, so the side effect is done but Temporal never hears of it.
 *
 * GONGKAI_MEMORY_REPORT_MS=<ms> prints a `memory {...}` line that often (bench/applications.ts reads the last one).
 */
import * as fs from 'node:fs';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { loadConfig, temporalAddress } from '../config';
import { createActivities } from '../activities';
import { bundlerOptions } from '../worker/bundle';
import { productionDeps } from '../worker/deps';
import { workflowBundlePath } from './tools';

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const config = loadConfig();
  const deps = await productionDeps(config);
  const activities: Record<string, (...args: never[]) => Promise<unknown>> = createActivities(deps) as never;
  const pause = process.env.FAULT_PAUSE_AFTER?.match(/^(\w+)#(\d+):(\d+)$/);
  if (pause) {
    const [, name, nth, ms] = pause;
    const real = activities[name];
    if (!real) throw new Error(`FAULT_PAUSE_AFTER: no activity ${name}`);
    let n = 0;
    activities[name] = async (...args: never[]) => {
      const r = await real(...args);
      if (++n !== Number(nth)) return r;
      console.log(`paused-after ${name} ${n}`);
      await new Promise((res) => setTimeout(res, Number(ms)));
      return r;
    };
  }
  const bundle = process.env.GONGKAI_WORKFLOW_BUNDLE ?? workflowBundlePath;
  const connection = await NativeConnection.connect({ address: temporalAddress(config) });
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...(fs.existsSync(bundle) ? { workflowBundle: { codePath: bundle } } : { workflowsPath: require.resolve('../workflows'), bundlerOptions }),
    activities,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
  });
  console.log(`worker-ready ${process.pid}`);
  // For the benchmarks: where the process's memory is (the main thread's V8 heap, buffers outside it) and how many
  // workflows the worker keeps; what RSS has beyond these is the workflow threads' heaps and native memory.
  const report = Number(process.env.GONGKAI_MEMORY_REPORT_MS ?? 0);
  if (report > 0) {
    setInterval(() => {
      const m = process.memoryUsage();
      const mb = (x: number) => Math.round(x / 1048576);
      console.log(`memory ${JSON.stringify({ rss: mb(m.rss), heapUsed: mb(m.heapUsed), heapTotal: mb(m.heapTotal), external: mb(m.external), cached: worker.getStatus().numCachedWorkflows })}`);
    }, report).unref();
  }
  await worker.run();
  await connection.close();
  await deps.db.destroy();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
