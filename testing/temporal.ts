import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger, Worker, type WorkerOptions } from '@temporalio/worker';
import { allSearchAttributes } from '../workflows/searchAttributes';
import { temporalBinaries, workflowBundlePath } from './tools';

let runtimeInstalled = false;
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed by another helper in this file.
  }
}

/** gRPC status ALREADY_EXISTS: what the server answers when a search attribute is registered twice. */
const ALREADY_EXISTS = 6;
const isAlreadyExists = (e: unknown) => (e as { code?: number })?.code === ALREADY_EXISTS;

/**
 * The native time-skipping test server: timers of days complete in seconds. One per test file. The project's
 * search attributes (`allSearchAttributes`) are registered once here, so workflows that upsert them just run.
 */
export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalBinaries().testServer } },
  });
  const Indexed = temporal.api.enums.v1.IndexedValueType;
  const operator = env.connection.operatorService;
  const request = {
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      allSearchAttributes.map((a) => [a.name, a.type === SearchAttributeType.DATETIME ? Indexed.INDEXED_VALUE_TYPE_DATETIME : Indexed.INDEXED_VALUE_TYPE_KEYWORD]),
    ),
  };
  await operator.addSearchAttributes(request).catch((e: unknown) => {
    if (!isAlreadyExists(e)) throw e;
  });
  return env;
}

/** The Temporal CLI dev server, with the project's search attributes: lists and counts work. One per test file. */
export async function devServerEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalBinaries().cli },
      searchAttributes: allSearchAttributes,
      ui: false,
      dbFilename: path.join(os.tmpdir(), `gongkai-temporal-${randomUUID()}.db`),
    },
  });
}

export function uniqueQueue(name = 'test'): string {
  return `${name}-${randomUUID()}`;
}

/** A worker on the pre-bundled workflows (see global-setup.ts) with the given activities. */
export async function testWorker(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  activities: WorkerOptions['activities'],
  extra: Partial<WorkerOptions> = {},
): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: { codePath: workflowBundlePath },
    activities,
    ...extra,
  });
}

type Endable = Pick<WorkflowHandle, 'describe' | 'cancel' | 'terminate' | 'workflowId'>;

/**
 * Cancels or terminates a workflow once nothing of it is in flight. The time-skipping server locks time while an
 * activity runs and unlocks it when the activity's result comes back; a workflow that ends meanwhile refuses that
 * result (the worker logs "Activity not found on completion"), the lock is never released, and from then on every
 * `env.sleep` of the file runs in real time: a day-long skip never returns. (`tests/workflows/timeSkippingLock.test.ts`.)
 */
export async function endWhenSettled(handle: Endable, how: 'cancel' | 'terminate', reason = 'test done'): Promise<void> {
  await settled(handle);
  await (how === 'cancel' ? handle.cancel() : handle.terminate(reason));
}

/** Waits until the workflow has no activity and no workflow task pending, twice in a row (20 s at most). */
export async function settled(handle: Pick<WorkflowHandle, 'describe' | 'workflowId'>): Promise<void> {
  let quiet = 0;
  for (let i = 0; i < 400 && quiet < 2; i++) {
    const { raw } = await handle.describe();
    const busy = (raw.pendingActivities?.length ?? 0) > 0 || raw.pendingWorkflowTask != null;
    quiet = busy ? 0 : quiet + 1;
    if (quiet < 2) await new Promise((r) => setTimeout(r, 50));
  }
  if (quiet < 2) throw new Error(`${handle.workflowId} still has work in flight after 20 s`);
}
