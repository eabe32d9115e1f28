import { Kysely } from 'kysely';

// Imported yearly schedules (`gongkai calendar import`): one row per year, replacing the seed's or the
// provisional calendar of that year. Overrides live in calendar_overrides (001_foundation).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('calendar_years')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('notice', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('calendar_years').execute();
}
