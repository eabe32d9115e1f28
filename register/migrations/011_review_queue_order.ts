import { Kysely } from 'kysely';

// Issue 16: 我的待办 with 10,000 open tasks. The queue is read branch by branch (tasks held by the user, unheld
// tasks of each of their groups), each branch in due order straight from an index, so a page reads about `limit`
// rows per branch instead of sorting every open task. review_tasks_queue (status, holder, group_id, due) gave the
// filter but not that order for either branch: these two replace it.
export async function up(db: Kysely<unknown>): Promise<void> {
  // holder = ? ORDER BY due, id
  await db.schema.createIndex('review_tasks_held').on('review_tasks').columns(['status', 'holder', 'due', 'id']).execute();
  // group_id = ? AND holder IS NULL ORDER BY due, id
  await db.schema.createIndex('review_tasks_unheld').on('review_tasks').columns(['status', 'group_id', 'holder', 'due', 'id']).execute();
  await db.schema.dropIndex('review_tasks_queue').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('review_tasks_queue').on('review_tasks').columns(['status', 'holder', 'group_id', 'due']).execute();
  for (const i of ['review_tasks_unheld', 'review_tasks_held']) await db.schema.dropIndex(i).execute();
}
