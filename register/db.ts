import * as fs from 'node:fs';
import * as path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { Pool } from 'pg';
import { migrations } from './migrations';
import type { RegisterSchema } from './schema';

/** The register: the durable record that queues, dashboards and the annual report read. */
export type Register = Kysely<RegisterSchema> & { readonly dialectName: 'sqlite' | 'postgres' };

/** Opens the register at `sqlite:FILE` (or `sqlite::memory:`) or a postgres:// URL. */
export function openRegister(url: string): Register {
  let db: Kysely<RegisterSchema>;
  let dialectName: 'sqlite' | 'postgres';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    db = new Kysely<RegisterSchema>({ dialect: new PostgresDialect({ pool: survivingPool(url) }) });
    dialectName = 'postgres';
  } else if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const sqlite = new SQLite(file);
    // WAL lets the web server read while the worker writes; busy_timeout rides out the writer lock.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    db = new Kysely<RegisterSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
    dialectName = 'sqlite';
  } else {
    throw new Error(`DATABASE_URL: unsupported scheme in "${url}" (use sqlite:FILE or postgres://...)`);
  }
  return Object.assign(db, { dialectName });
}

/**
 * A pg Pool whose process survives the server ending a session (a restart, a failover, pg_terminate_backend, a
 * firewall's idle timeout). node-postgres reports that as an 'error' event: on the pool for an idle connection, on the
 * client for one in use; with nobody listening, Node throws it and the worker (or web server) dies. Here the idle
 * one is dropped from the pool with a warning and the pool opens a new connection for the next query; for one in
 * use, the query under way fails (its activity retries) and the pool discards the connection on release.
 */
function survivingPool(url: string): Pool {
  const pool = new Pool({ connectionString: url, max: 10 });
  pool.on('error', (e) => console.warn(`register: a PostgreSQL connection was closed (${e.message}); the next query opens a new one`));
  pool.on('connect', (client) => client.on('error', () => undefined)); // the failed query carries the error
  return pool;
}

/** Brings the schema up to date; run at every start-up (migrations are idempotent by name). */
export async function migrateRegister(db: Register): Promise<void> {
  // Concerns number their migrations independently; a register that ran a later-numbered one first still
  // takes an earlier one that arrived afterwards.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`register migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}

/** True when the error is a unique-key violation: the row was already written by an earlier try. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === '23505' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE' || err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
