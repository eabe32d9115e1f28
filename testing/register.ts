import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { sql } from 'kysely';
import { migrateRegister, openRegister, type Register } from '../register/db';

/**
 * A fresh, migrated register for one test file. SQLite in a temp file by default; with
 * TEST_DATABASE_URL=postgres://... a fresh database on that PostgreSQL server (CI runs both).
 */
export async function freshRegister(): Promise<Register & { url: string }> {
  const pg = process.env.TEST_DATABASE_URL;
  let url: string;
  if (pg) {
    const name = `gongkai_t_${randomUUID().replace(/-/g, '')}`;
    const admin = openRegister(pg);
    // template0 takes no connections, so files creating databases at once do not collide on template1.
    await sql`create database ${sql.id(name)} template template0`.execute(admin);
    await admin.destroy();
    const u = new URL(pg);
    u.pathname = `/${name}`;
    url = u.toString();
  } else {
    url = `sqlite:${path.join(os.tmpdir(), `gongkai-register-${randomUUID()}.db`)}`;
  }
  const db = openRegister(url);
  await migrateRegister(db);
  return Object.assign(db, { url });
}

export const registerKind = process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite';
