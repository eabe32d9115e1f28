import { loadConfig, ConfigError } from '../config';
import { productionDeps } from './deps';
import { createWorker } from './worker';

/** `npm run worker`: a worker process alone, for deployments that scale workers apart from the web server. */
async function main(): Promise<void> {
  const config = loadConfig();
  const deps = await productionDeps(config);
  const worker = await createWorker(config, deps);
  console.log(`worker polling task queue "${config.TEMPORAL_TASK_QUEUE}" (mail: ${deps.mailer.description})`);
  await worker.run();
  await deps.db.destroy();
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
