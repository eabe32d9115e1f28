import { loadConfig } from '../../config';
import { migrateRegister, openRegister, type Register } from '../../register/db';
import { openServices, type Services } from '../context';

/**
 * How the item, queue and users commands get their services: from the environment by default; a test or
 * an embedding process may inject its own (an open register and a Temporal client) with `useServices`.
 */
let injected: Services | undefined;

export function useServices(services: Services | undefined): void {
  injected = services;
}

export async function withServices<T>(fn: (s: Services) => Promise<T>): Promise<T> {
  if (injected) return fn(injected);
  const services = await openServices(loadConfig());
  try {
    return await fn(services);
  } finally {
    await services.close();
  }
}

/** The register alone (users import, queue): these commands work without Temporal. */
export async function withRegister<T>(fn: (db: Register) => Promise<T>): Promise<T> {
  if (injected) return fn(injected.db);
  const db = openRegister(loadConfig().databaseUrl);
  try {
    await migrateRegister(db);
    return await fn(db);
  } finally {
    await db.destroy();
  }
}
