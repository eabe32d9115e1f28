/**
 * The register on PostgreSQL outlives the server ending its sessions (a restart, a failover, pg_terminate_backend, a
 * firewall's idle timeout). node-postgres reports a lost connection as an 'error' event, which Node throws when
 * nobody listens: before register/db.ts listened, an idle pooled connection cut by the server killed the process
 * (jest reports it as "Unhandled error"; the fault suite saw its worker processes die). SQLite: nothing to cut.
 */
import { sql } from 'kysely';
import { openRegister, type Register } from '../../register/db';
import { freshRegister, registerKind } from '../../testing/register';

const pgOnly = registerKind === 'postgres' ? test : test.skip;

let db: Register;
let url: string;
beforeAll(async () => {
  const r = await freshRegister();
  [db, url] = [r, r.url];
});
afterAll(async () => db?.destroy());

/** Ends every session of the register's database but the one asking, from a pool of its own, and waits until they are gone. */
async function terminateSessions(): Promise<number> {
  const admin = openRegister(url);
  try {
    const cut = await sql<{ pid: number }>`select pid, pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`.execute(admin);
    await new Promise((r) => setTimeout(r, 300)); // the clients read the notice
    return cut.rows.length;
  } finally {
    await admin.destroy();
  }
}

pgOnly('idle pooled connections cut by the server: no crash, the next queries open new ones', async () => {
  // Several idle connections in the pool, all ended by the server.
  await Promise.all(Array.from({ length: 4 }, () => sql`select pg_sleep(0.05)`.execute(db)));
  expect(await terminateSessions()).toBeGreaterThanOrEqual(4);
  expect(await db.selectFrom('users').select('id').execute()).toEqual([]);
  // Again, the new connections too.
  expect(await terminateSessions()).toBeGreaterThanOrEqual(1);
  expect(await db.selectFrom('users').select('id').execute()).toEqual([]);
});

pgOnly('a connection cut inside a transaction: the transaction fails, nothing is written, the register answers after', async () => {
  const row = (id: string) => ({ message_id: id, workflow_id: 'w', activity_id: '1', recipients: 'x@y.cn', subject: 's', template: null, sent_at: '2026-01-05T01:00:00.000Z' });
  const failed = await db
    .transaction()
    .execute(async (tx) => {
      await tx.insertInto('sent_emails').values(row('<cut@t>')).execute();
      const { pid } = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx)).rows[0];
      // Another session ends this one while its transaction is open.
      await sql`select pg_terminate_backend(${pid})`.execute(db);
      await new Promise((r) => setTimeout(r, 300));
      await tx.insertInto('sent_emails').values(row('<cut2@t>')).execute();
    })
    .then(() => null, (e: Error) => e);
  expect(failed).toBeInstanceOf(Error);
  expect(await db.selectFrom('sent_emails').select('message_id').execute()).toEqual([]);
  await db.insertInto('sent_emails').values(row('<after@t>')).execute();
  expect(await db.selectFrom('sent_emails').select('message_id').execute()).toEqual([{ message_id: '<after@t>' }]);
});
