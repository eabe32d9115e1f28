import { Client, Connection } from '@temporalio/client';
import { temporalAddress, type Config } from '../config';
import { dataConverter, payloadKeyring } from '../config/payloadKeys';
import { migrateRegister, openRegister, type Register } from '../register/db';

/** What the service layer (CLI, HTTP API, console) needs: Temporal, the register and the configuration. */
export interface Services {
  config: Config;
  db: Register;
  temporal: Client;
  close(): Promise<void>;
}

/** Opens the register (migrated) and a Temporal client; `temporal` may be passed in (tests, the start script). */
export async function openServices(config: Config, temporal?: Client, db?: Register): Promise<Services> {
  const register = db ?? openRegister(config.databaseUrl);
  if (!db) await migrateRegister(register);
  let connection: Connection | undefined;
  let client = temporal;
  if (!client) {
    connection = await Connection.connect({ address: temporalAddress(config) });
    client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverter(payloadKeyring(config)) });
  }
  return {
    config,
    db: register,
    temporal: client,
    async close() {
      await connection?.close();
      if (!db) await register.destroy();
    },
  };
}
