import { defaultPolicies, policySchema, type ReviewPolicy } from '../domain/review/policy';
import type { User } from '../domain/org';
import { sql, type Kysely } from 'kysely';
import type { RegisterSchema } from './schema';
import { isUniqueViolation, type Register } from './db';

// ---- policies ------------------------------------------------------------------------------------------

/** Writes the statute §5 defaults for categories that have no policy yet (never overwrites an admin's edit). */
export async function seedReviewPolicies(db: Register, at: string): Promise<void> {
  for (const p of defaultPolicies) {
    await db
      .insertInto('review_policies')
      .values({ category: p.category, policy: JSON.stringify(p), updated_by: 'seed', updated_at: at })
      .onConflict((oc) => oc.column('category').doNothing())
      .execute();
  }
}

export async function getReviewPolicy(db: Kysely<RegisterSchema>, category: string): Promise<ReviewPolicy | undefined> {
  const row = await db.selectFrom('review_policies').select('policy').where('category', '=', category).executeTakeFirst();
  return row ? policySchema.parse(JSON.parse(row.policy)) : undefined;
}

export async function setReviewPolicy(db: Kysely<RegisterSchema>, policy: ReviewPolicy, by: string, at: string): Promise<void> {
  const p = policySchema.parse(policy);
  const values = { policy: JSON.stringify(p), updated_by: by, updated_at: at };
  await db.insertInto('review_policies').values({ category: p.category, ...values }).onConflict((oc) => oc.column('category').doUpdateSet(values)).execute();
}

/** Every category's policy with who last set it, by category. */
export async function listReviewPolicies(db: Register): Promise<{ policy: ReviewPolicy; updatedBy: string; updatedAt: string }[]> {
  const rows = await db.selectFrom('review_policies').selectAll().orderBy('category').execute();
  return rows.map((r) => ({ policy: policySchema.parse(JSON.parse(r.policy)), updatedBy: r.updated_by, updatedAt: r.updated_at }));
}

/** Sets a policy and writes the audit row with the policy before and after, in one transaction. */
export async function setReviewPolicyAudited(db: Register, policy: ReviewPolicy, by: string, at: string, detail: string | null): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const before = await getReviewPolicy(tx, policy.category);
    await setReviewPolicy(tx, policy, by, at);
    await tx.insertInto('audit_log').values({
      id: `policy-${policy.category}-${at}`, at, actor: by, subject_kind: 'review-policy', subject_id: policy.category,
      action: 'set', outcome: 'done', detail, before: before ? JSON.stringify(before) : null, after: JSON.stringify(policy),
    }).execute();
  });
}

// ---- transitions (written by the recordReview activity) -------------------------------------------------

export interface ItemSnapshot {
  id: string;
  title: string;
  category: string;
  author: string;
  section: string;
  column: string;
  status: string;
  stage: string | null;
  stageName: string | null;
  group: string | null;
  holder: string | null;
  entry: number;
  due: string | null;
  version: { n: number; title: string; body: string; format: string; attachments: string[]; hash: string; by: string; at: string };
}

export interface Transition {
  /** Unique per workflow step: a retried write finds it and does nothing. */
  auditId: string;
  at: string;
  actor: string;
  action: string;
  detail: string | null;
  before: unknown;
  after: unknown;
  item: ItemSnapshot;
}

/**
 * One transaction per transition: the audit row (its id is the idempotency key), the item row, the new
 * version if any, and the task rows (the task of the current entry open, every other one closed).
 */
export async function recordTransition(db: Register, t: Transition): Promise<{ recorded: boolean }> {
  try {
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('audit_log')
        .values({
          id: t.auditId, at: t.at, actor: t.actor, subject_kind: 'item', subject_id: t.item.id, action: t.action, outcome: 'done',
          detail: t.detail, before: t.before === undefined ? null : JSON.stringify(t.before), after: t.after === undefined ? null : JSON.stringify(t.after),
        })
        .execute();
      const i = t.item;
      const row = {
        title: i.title, category: i.category, author: i.author, section: i.section, column_name: i.column, status: i.status,
        stage: i.stage, holder: i.holder, current_version: i.version.n, current_hash: i.version.hash, due: i.due, updated_at: t.at,
      };
      await tx.insertInto('review_items').values({ id: i.id, ...row, created_at: t.at }).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
      await tx
        .insertInto('review_versions')
        .values({
          item_id: i.id, version: i.version.n, title: i.version.title, body: i.version.body, format: i.version.format,
          attachments: JSON.stringify(i.version.attachments), hash: i.version.hash, created_by: i.version.by, created_at: i.version.at,
        })
        .onConflict((oc) => oc.columns(['item_id', 'version']).doNothing())
        .execute();
      const taskId = `${i.id}#${i.entry}`;
      await tx.updateTable('review_tasks').set({ status: 'done', closed_at: t.at }).where('item_id', '=', i.id).where('status', '=', 'open').where('id', '!=', taskId).execute();
      const open = i.status === 'review' || i.status === 'returned';
      if (open && i.stage) {
        const task = { stage: i.stage, stage_name: i.stageName ?? i.stage, group_id: i.group, holder: i.holder, due: i.due };
        await tx
          .insertInto('review_tasks')
          .values({ id: taskId, item_id: i.id, entry: i.entry, ...task, status: 'open', opened_at: t.at, closed_at: null })
          .onConflict((oc) => oc.column('id').doUpdateSet(task))
          .execute();
      } else {
        await tx.updateTable('review_tasks').set({ status: 'done', closed_at: t.at }).where('id', '=', taskId).where('status', '=', 'open').execute();
      }
    });
    return { recorded: true };
  } catch (e) {
    if (isUniqueViolation(e)) return { recorded: false };
    throw e;
  }
}

/** A refused attempt (the workflow's validator said no): logged too, since the audit trail must show it. */
export async function recordRefusal(db: Register, r: { id: string; at: string; actor: string; itemId: string; action: string; reason: string; args?: unknown }): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ id: r.id, at: r.at, actor: r.actor, subject_kind: 'item', subject_id: r.itemId, action: r.action, outcome: 'refused', detail: r.reason, before: null, after: r.args === undefined ? null : JSON.stringify(r.args) })
    .execute();
}

// ---- reads: queue, item, audit --------------------------------------------------------------------------

export interface QueueEntry {
  taskId: string;
  itemId: string;
  title: string;
  category: string;
  stage: string;
  stageName: string;
  group: string | null;
  holder: string | null;
  due: string | null;
}

type QueueUser = Pick<User, 'id' | 'groups'>;

/**
 * The queue's filter (open, and held by one of `users` or unheld in one of their groups) split into disjoint
 * branches, each an equality on an index: held by one user (index review_tasks_held), or unheld in one group
 * (review_tasks_unheld). Each branch reads its rows in due order from its index, so a count touches only the
 * queue's own rows, and a page only the first `offset + limit` of each branch.
 */
function queueBranches(db: Register, users: readonly QueueUser[]) {
  const open = db.selectFrom('review_tasks').where('review_tasks.status', '=', 'open');
  return [
    ...[...new Set(users.map((u) => u.id))].map((id) => open.where('review_tasks.holder', '=', id)),
    ...[...new Set(users.flatMap((u) => u.groups))].map((g) => open.where('review_tasks.group_id', '=', g).where('review_tasks.holder', 'is', null)),
  ];
}

const queueColumns = [
  'review_tasks.id', 'review_tasks.item_id', 'review_tasks.stage', 'review_tasks.stage_name', 'review_tasks.group_id', 'review_tasks.holder', 'review_tasks.due',
] as const;

/**
 * Open tasks of `users`, soonest due first (no due last, then by task id), sorted and limited in SQL.
 * The instants are ISO strings from `toISOString()`, so text order is time order.
 * With a `limit`, each branch gives its first `offset + limit` rows (with a due, by due; then those without, by
 * id), read in order from its index; only those are merged and sorted, and only the page's rows are joined to
 * their items.
 */
function queueRowsQuery(db: Register, users: readonly QueueUser[], limit?: number, offset = 0) {
  const n = limit === undefined ? undefined : offset + limit;
  const parts = queueBranches(db, users).flatMap((b) => [
    b.select(queueColumns).where('review_tasks.due', 'is not', null).orderBy('review_tasks.due').orderBy('review_tasks.id').$if(n !== undefined, (q) => q.limit(n!)),
    b.select(queueColumns).where('review_tasks.due', 'is', null).orderBy('review_tasks.id').$if(n !== undefined, (q) => q.limit(n!)),
  ]);
  // Each part in a subquery of its own: a compound SELECT's members may not carry ORDER BY or LIMIT themselves.
  const [first, ...rest] = parts.map((p, i) => db.selectFrom(p.as(`p${i}`)).selectAll());
  const merged = rest.reduce((u, p) => u.unionAll(p), first);
  const noDueLast = sql`case when q.due is null then 1 else 0 end`;
  const page = db
    .selectFrom(merged.as('q'))
    .selectAll()
    .orderBy(noDueLast)
    .orderBy('q.due')
    .orderBy('q.id')
    .$if(limit !== undefined, (q) => q.limit(limit!).offset(offset));
  return db
    .selectFrom(page.as('q'))
    .innerJoin('review_items', 'review_items.id', 'q.item_id')
    .select([
      'q.id as taskId', 'q.item_id as itemId', 'review_items.title', 'review_items.category', 'q.stage', 'q.stage_name as stageName',
      'q.group_id as group', 'q.holder', 'q.due',
    ])
    .orderBy(noDueLast)
    .orderBy('q.due')
    .orderBy('q.id');
}

/** A user's open tasks: held by them, or unheld in one of their groups; soonest due first (no due last). */
export async function reviewQueue(db: Register, user: QueueUser, opts: { limit?: number } = {}): Promise<QueueEntry[]> {
  return queueRowsQuery(db, [user], opts.limit).execute();
}

/** Due-tier boundaries as ISO instants: before `now` 已逾期, before `todayEnd` 今日到期, before `soonEnd` 即将到期. */
export interface TierBounds {
  now: string;
  todayEnd: string;
  soonEnd: string;
}

export interface QueuePage {
  rows: QueueEntry[];
  /** Every open task of the queue, not only the rows returned. */
  total: number;
  overdue: number;
  today: number;
  soon: number;
}

/**
 * The two queries of a queue page: its rows, and the total and the counts per due tier over all the queue's rows.
 * Each count is a range of a branch's index (due is in it): no table row is read, no expression is computed per
 * row, and each row is counted once (the total is the sum of the tiers, the later and the undated).
 */
export function queuePageQueries(db: Register, users: readonly QueueUser[], limit: number, tiers: TierBounds, offset = 0) {
  const count = sql<number>`count(*)`.as('n');
  const perBranch = queueBranches(db, users).map((b) =>
    db.selectNoFrom([
      b.where('review_tasks.due', '<', tiers.now).select(count).as('overdue'),
      b.where('review_tasks.due', '>=', tiers.now).where('review_tasks.due', '<', tiers.todayEnd).select(count).as('today'),
      b.where('review_tasks.due', '>=', tiers.todayEnd).where('review_tasks.due', '<', tiers.soonEnd).select(count).as('soon'),
      b.where('review_tasks.due', '>=', tiers.soonEnd).select(count).as('later'),
      b.where('review_tasks.due', 'is', null).select(count).as('undated'),
    ]),
  );
  const [first, ...rest] = perBranch;
  const counts = db
    .selectFrom(rest.reduce((u, c) => u.unionAll(c), first).as('c'))
    .select([
      sql<number>`coalesce(sum(c.overdue + c.today + c.soon + c.later + c.undated), 0)`.as('total'),
      sql<number>`coalesce(sum(c.overdue), 0)`.as('overdue'),
      sql<number>`coalesce(sum(c.today), 0)`.as('today'),
      sql<number>`coalesce(sum(c.soon), 0)`.as('soon'),
    ]);
  return { rows: queueRowsQuery(db, users, limit, offset), counts };
}

/** One page of the queue of `users` (a user and those they stand in for): the `limit` soonest-due rows, the total and the tiers' counts. */
export async function reviewQueuePage(db: Register, users: readonly QueueUser[], limit: number, tiers: TierBounds, offset = 0): Promise<QueuePage> {
  const q = queuePageQueries(db, users, limit, tiers, offset);
  const [rows, agg] = await Promise.all([q.rows.execute(), q.counts.executeTakeFirstOrThrow()]);
  return { rows, total: Number(agg.total), overdue: Number(agg.overdue), today: Number(agg.today), soon: Number(agg.soon) };
}

export async function getReviewItem(db: Register, id: string) {
  return db.selectFrom('review_items').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getReviewVersion(db: Register, id: string, version: number) {
  return db.selectFrom('review_versions').selectAll().where('item_id', '=', id).where('version', '=', version).executeTakeFirst();
}

export async function itemAudit(db: Register, id: string) {
  return db.selectFrom('audit_log').selectAll().where('subject_kind', '=', 'item').where('subject_id', '=', id).orderBy('at').orderBy('id').execute();
}

export async function getPublication(db: Register, id: string) {
  return db.selectFrom('publications').selectAll().where('item_id', '=', id).executeTakeFirst();
}

/** The groups an item's review tasks were given to, and who held them: who may read the item besides its author. */
export async function itemReviewers(db: Register, id: string): Promise<{ groups: string[]; holders: string[] }> {
  const rows = await db.selectFrom('review_tasks').select(['group_id', 'holder']).where('item_id', '=', id).execute();
  return {
    groups: [...new Set(rows.map((r) => r.group_id).filter((g): g is string => !!g))],
    holders: [...new Set(rows.map((r) => r.holder).filter((u): u is string => !!u))],
  };
}

/** Items, most recently changed first: an author's own, or (for supervisors) everyone's; with the total for paging. */
export async function listReviewItems(db: Register, f: { author?: string; status?: string; limit: number; offset: number }) {
  let q = db.selectFrom('review_items');
  if (f.author) q = q.where('author', '=', f.author);
  if (f.status) q = q.where('status', '=', f.status);
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('updated_at', 'desc').orderBy('id').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** The policies of the given categories (those shown on a queue page). */
export async function reviewPoliciesFor(db: Register, categories: readonly string[]): Promise<ReviewPolicy[]> {
  if (categories.length === 0) return [];
  const rows = await db.selectFrom('review_policies').select(['policy']).where('category', 'in', [...categories]).execute();
  return rows.map((r) => policySchema.parse(JSON.parse(r.policy)));
}
