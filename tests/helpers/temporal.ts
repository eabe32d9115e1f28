import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger, Worker, type WorkerOptions } from '@temporalio/worker';
import { allSearchAttributes } from '../../domain/searchAttributes';
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
