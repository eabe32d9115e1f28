import { loadConfig } from '../../config';
import { migrateRegister, openRegister, type Register } from '../../register/db';
import { openServices, type Services } from '../context';
import { reportFailure } from './failures';

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

/** An administrative change (client/services/admin.ts) by `actor`: a refusal is one line on stderr and its exit status. */
export async function withAdmin(actor: string, err: (line: string) => void, f: (c: { db: Register; actor: string; now: Date }) => Promise<void>): Promise<number> {
  return withRegister(async (db) => {
    try {
      await f({ db, actor, now: new Date() });
      return 0;
    } catch (e) {
      const code = reportFailure({ out: () => undefined, err }, e);
      if (code === undefined) throw e;
      return code;
    }
  });
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
