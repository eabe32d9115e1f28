import { Kysely } from 'kysely';

// The console's queues (我的待办, the applications list, the dashboard) filter and sort in SQL.
// applications(status, due_date) already exists as applications_status_due (004_applications).
export async function up(db: Kysely<unknown>): Promise<void> {
  // reviewQueue: status = 'open' AND (holder IN (...) OR (holder IS NULL AND group_id IN (...))) ORDER BY due.
  await db.schema.createIndex('review_tasks_queue').on('review_tasks').columns(['status', 'holder', 'group_id', 'due']).execute();
  // A handler's open cases, soonest due first.
  await db.schema.createIndex('applications_handler').on('applications').columns(['handler', 'status', 'due_date']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const i of ['applications_handler', 'review_tasks_queue']) await db.schema.dropIndex(i).execute();
}
