import '../lib/supportedNode';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { ConfigError, configWarnings, loadConfig, type Config } from '../config';
import { organisationFile } from '../domain/org';
import { importOrganisation, listUsers } from '../register/org';
import { productionDeps } from '../worker/deps';
import { createWorker } from '../worker/worker';
import { reportScheduleAtStartUp } from '../worker/schedules';
import { openServices } from './context';
import { dataConverter, embeddedPayloadKeys, payloadKeyring } from '../config/payloadKeys';
import { ensureSearchAttributes, startDevServer } from './devServer';
import { buildServer } from './http/server';
import { CODEC_SCOPE } from '../lib/payloadCodec';
import { ensureConsoleBuilt } from './consoleBuild';

/**
 * `npm start`: the whole system on its embedded defaults. The Temporal dev server (unless TEMPORAL_ADDRESS
 * names another), the register, a worker and the web server, in one process tree that Ctrl-C stops.
 */
async function start(given: Config): Promise<() => Promise<void>> {
  // The worker and every client must encrypt with the same ring: read (or made) once, before anything connects.
  const config: Config = { ...given, PAYLOAD_KEYS: given.PAYLOAD_KEYS ?? embeddedPayloadKeys(given.DATA_DIR) };
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((e) => console.error(e));
  };
  try {
    let devServer: ChildProcess | undefined;
    const address = config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_DEV_PORT}`;
    if (!config.TEMPORAL_ADDRESS) {
      console.log('starting the Temporal dev server ...');
      devServer = await startDevServer({ dataDir: config.DATA_DIR, port: config.TEMPORAL_DEV_PORT, uiPort: config.TEMPORAL_UI_PORT, namespace: config.TEMPORAL_NAMESPACE });
      const child = devServer;
      stops.push(async () => {
        child.kill('SIGTERM');
        await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      });
    }
    const connection = await Connection.connect({ address });
    stops.push(() => connection.close());
    if (devServer) await ensureSearchAttributes(connection, config.TEMPORAL_NAMESPACE);

    const deps = await productionDeps({ ...config, TEMPORAL_ADDRESS: address });
    stops.push(() => deps.db.destroy());
    if ((await listUsers(deps.db)).length === 0) {
      const demo = organisationFile.parse(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../demo/organisation.json'), 'utf8')));
      await importOrganisation(deps.db, demo);
      console.log(`empty register: imported the demo organisation (${demo.users.length} users, password "gongkai-demo")`);
    }

    const nativeConnection = await NativeConnection.connect({ address });
    const worker = await createWorker({ ...config, TEMPORAL_ADDRESS: address }, deps, nativeConnection);
    const running = worker.run();
    stops.push(async () => {
      worker.shutdown();
      await running;
      await nativeConnection.close();
    });

    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverter(payloadKeyring(config)) });
    const schedule = await reportScheduleAtStartUp(client, config);
    const services = await openServices(config, client, deps.db);
    await ensureConsoleBuilt();
    const app = await buildServer(services, { mailer: deps.mailer });
    await app.listen({ port: config.WEB_PORT, host: config.WEB_HOST });
    stops.push(() => app.close());

    console.log(`Gongkai is running for ${config.AGENCY_NAME}`);
    console.log(`  web console and API: ${config.publicUrl}/   (health: ${config.publicUrl}/healthz)`);
    if (devServer) console.log(`  Temporal Web UI:     http://127.0.0.1:${config.TEMPORAL_UI_PORT}/   (payloads encrypted; to read them there, set its Data Encoder to ${config.publicUrl}/codec/<key of scope ${CODEC_SCOPE}>)`);
    console.log(`  Temporal server:     ${address} (namespace ${config.TEMPORAL_NAMESPACE}, task queue ${config.TEMPORAL_TASK_QUEUE})`);
    console.log(`  register:            ${config.databaseUrl.replace(/\/\/[^@]*@/, '//***@')}`);
    console.log(`  mail:                ${deps.mailer.description}`);
    console.log(`  annual report:       ${schedule}`);
    console.log('Press Ctrl-C to stop.');
    return stopAll;
  } catch (e) {
    await stopAll();
    throw e;
  }
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    console.error(e instanceof ConfigError ? e.message : String(e));
    process.exit(1);
  }
  for (const w of configWarnings(config)) console.warn(w);
  // The SDK's INFO lines (bundle sizes, poller states) drown the URLs a user needs.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const stop = await start(config).catch((e: Error) => {
    console.error(`start-up failed: ${e.message}`);
    process.exit(1);
  });
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    console.log('stopping ...');
    void stop().then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

void main();
