import '../../lib/supportedNode';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { ConfigError, loadConfig } from '../../config';
import { openServices } from '../context';
import { buildServer } from './server';

/** The web server alone (docker-compose's `web`): console and HTTP API over a Temporal server run elsewhere. */
async function main(): Promise<void> {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const services = await openServices(config);
  const app = await buildServer(services, { logger: true });
  await app.listen({ port: config.WEB_PORT, host: config.WEB_HOST });
  const stop = () => void app.close().then(() => services.close()).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
