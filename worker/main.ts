import '../lib/supportedNode';
import { configWarnings, loadConfig, ConfigError, temporalAddress } from '../config';
import { productionDeps } from './deps';
import { Client, Connection } from '@temporalio/client';
import { createWorker } from './worker';
import { dataConverter, payloadKeyring, PAYLOADS_IN_CLEAR } from '../config/payloadKeys';
import { reportScheduleAtStartUp } from './schedules';

/** `npm run worker`: a worker process alone, for deployments that scale workers apart from the web server. */
async function main(): Promise<void> {
  const config = loadConfig();
  // The worker renders the reply letters: it warns too while their 复议机关 or court is unset.
  for (const w of configWarnings(config)) console.warn(w);
  if (!payloadKeyring(config)) console.warn(PAYLOADS_IN_CLEAR);
  const deps = await productionDeps(config);
  const worker = await createWorker(config, deps);
  const connection = await Connection.connect({ address: temporalAddress(config) });
  const schedule = await reportScheduleAtStartUp(new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverter(payloadKeyring(config)) }), config);
  await connection.close();
  console.log(`annual report: ${schedule}`);
  console.log(`worker polling task queue "${config.TEMPORAL_TASK_QUEUE}" (mail: ${deps.mailer.description})`);
  await worker.run();
  await deps.db.destroy();
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
