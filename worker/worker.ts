import { NativeConnection, Worker } from '@temporalio/worker';
import { temporalAddress, type Config } from '../config';
import { createActivities, type ActivityDeps } from '../activities';
import { bundlerOptions } from './bundle';
import { dataConverter, payloadKeyring } from '../config/payloadKeys';

/**
 * One worker process polls the task queue for every workflow and activity. More load means more of these
 * processes (on more machines), all on the same task queue: Temporal spreads the work.
 */
export async function createWorker(config: Config, deps: ActivityDeps, connection?: NativeConnection): Promise<Worker> {
  const conn = connection ?? (await NativeConnection.connect({ address: temporalAddress(config) }));
  return Worker.create({
    connection: conn,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowsPath: require.resolve('../workflows'),
    bundlerOptions,
    activities: createActivities(deps),
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    dataConverter: dataConverter(payloadKeyring(config)),
  });
}
