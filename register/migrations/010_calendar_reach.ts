import { Kysely, sql } from 'kysely';

// Issue 16: a calendar change reaches only the open cases whose dates it moves. Each case's row keeps the days
// that can move its dates (domain/clock openWindow), written with every step; rows written before have none and
// are always reached. Each fan-out is recorded: which cases it reached, and how long it took.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('applications').addColumn('open_from', 'text').execute();
  await db.schema.alterTable('applications').addColumn('open_until', 'text').execute();
  await db.schema.alterTable('applications').addColumn('dates_provisional', 'integer').execute();
  await db.schema
    .createTable('calendar_fanouts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('changed_days', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('open_cases', 'integer', (c) => c.notNull())
    .addColumn('reached', 'text', (c) => c.notNull())
    .addColumn('others_signalled', 'integer', (c) => c.notNull())
    .addColumn('failed', 'text', (c) => c.notNull())
    .execute();
  await sql`create index applications_open_window on applications (status, open_from, open_until)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('applications_open_window').execute();
  await db.schema.dropTable('calendar_fanouts').execute();
  for (const c of ['dates_provisional', 'open_until', 'open_from']) await db.schema.alterTable('applications').dropColumn(c).execute();
}
