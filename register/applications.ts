import { randomBytes, randomUUID } from 'node:crypto';
import { sha256 } from '../lib/hash';
import { sql } from 'kysely';
import {
  applicantColumn,
  contentSimilarity,
  DUPLICATE_SIMILARITY,
  DUPLICATE_WINDOW_DAYS,
  receiptDate,
  registrationNumber,
  type Intake,
} from '../domain/application';
import { addDays } from '../domain/calendar';
import { applicantColumns, outcomeRow, type ApplicantKind, type OutcomeKey, type ReportFormat } from '../domain/outcomes';
import type { Section3Data, Section4Data } from '../domain/report';
import { section3RowKeys, section4Columns, section4Groups, type Section4Group } from '../domain/report/template';
import type { Register } from './db';
import type { ApplicationTables } from './schema/applications';

export type ApplicationRow = ApplicationTables['applications'];

export const applicationWorkflowId = (id: string) => `application-${id}`;

/**
 * A portal's reference is unique per sender (issue 13, finding 6): stored as `<actor>|<ref>` (`api:<key name>|ref`),
 * so two portals may use the same reference and neither is ever answered with the other's application.
 * Actors (key names, user ids) never contain `|` (cli/apikey.ts, domain/org.ts), so the split is unambiguous.
 * Migration 009 rewrote the references stored before.
 */
export const scopedExternalRef = (actor: string, ref: string) => `${actor}|${ref}`;

/**
 * Registers an application: the next number of the receipt year (gapless: the counter moves in the same
 * transaction as the insert, so a failed insert leaves no hole), the possible duplicates flagged.
 * A repeated `externalRef` of the same sender returns the application already registered, with `sameIntake`
 * saying whether this intake is the one registered then (the caller refuses a different one).
 */
export async function insertApplication(
  db: Register,
  input: { intake: Intake; agencyCode: string; actor: string; now: string },
): Promise<{ row: ApplicationRow; created: boolean; sameIntake: boolean }> {
  const { intake, agencyCode, actor, now } = input;
  const ref = intake.externalRef ? scopedExternalRef(actor, intake.externalRef) : null;
  if (ref) {
    const existing = await db.selectFrom('applications').selectAll().where('external_ref', '=', ref).executeTakeFirst();
    // `intake` holds JSON.stringify of the parsed intake, so the same request parses to the same text.
    if (existing) return { row: existing, created: false, sameIntake: existing.intake === JSON.stringify(intake) };
  }
  const received = receiptDate(intake);
  const year = Number(received.slice(0, 4));
  const duplicates = await findPossibleDuplicates(db, intake, received);
  const row = await db.transaction().execute(async (tx) => {
    const { last } = await tx
      .insertInto('application_sequences')
      .values({ year, last: 1 })
      .onConflict((oc) => oc.column('year').doUpdateSet({ last: sql<number>`application_sequences.last + 1` }))
      .returning('last')
      .executeTakeFirstOrThrow();
    const id = registrationNumber(agencyCode, year, last);
    const a = intake.applicant;
    const values: ApplicationRow = {
      id,
      year,
      sequence: last,
      workflow_id: applicationWorkflowId(id),
      channel: intake.channel,
      submitted_on: intake.submittedOn,
      received_date: received,
      applicant_column: applicantColumn(a),
      applicant_name: a.name,
      applicant_id_kind: a.idDocument.kind,
      applicant_id_number: a.idDocument.number,
      applicant_phone: a.phone ?? null,
      applicant_address: a.address ?? null,
      applicant_email: a.email ?? null,
      content: intake.content,
      intake: JSON.stringify(intake),
      external_ref: ref,
      possible_duplicates: JSON.stringify(duplicates),
      status: 'open',
      stage: 'unassigned',
      handler: null,
      due_date: null,
      calendar_version: null,
      open_from: null,
      open_until: null,
      dates_provisional: null,
      outcome: null,
      decision: null,
      closed_date: null,
      created_at: now,
      created_by: actor,
    };
    await tx.insertInto('applications').values(values).execute();
    return values;
  });
  return { row, created: true, sameIntake: true };
}

/** Same applicant (identity number), similar request, received within the window: flagged, not decided. */
async function findPossibleDuplicates(db: Register, intake: Intake, received: string): Promise<string[]> {
  const since = addDays(received, -DUPLICATE_WINDOW_DAYS);
  const rows = await db
    .selectFrom('applications')
    .select(['id', 'content'])
    .where('applicant_id_number', '=', intake.applicant.idDocument.number)
    .where('received_date', '>=', since)
    .execute();
  return rows.filter((r) => contentSimilarity(r.content, intake.content) >= DUPLICATE_SIMILARITY).map((r) => r.id);
}

export async function getApplication(db: Register, id: string): Promise<ApplicationRow | undefined> {
  return db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listApplications(db: Register, filter: { status?: string; dueBefore?: string; handler?: string; limit?: number } = {}) {
  let q = db.selectFrom('applications').selectAll();
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.dueBefore) q = q.where('due_date', '<=', filter.dueBefore);
  if (filter.handler) q = q.where('handler', '=', filter.handler);
  return q.orderBy('due_date').orderBy('id').limit(filter.limit ?? 1000).execute();
}

export type ApplicationPatch = Partial<
  Pick<ApplicationRow, 'stage' | 'handler' | 'due_date' | 'calendar_version' | 'status' | 'outcome' | 'decision' | 'closed_date' | 'open_from' | 'open_until' | 'dates_provisional'>
>;

/** Records one event of an application (idempotent by `id`) and applies the patch, with the audit row, in one transaction. */
export async function recordApplicationEvent(
  db: Register,
  e: { id: string; applicationId: string; at: string; date: string; type: string; actor: string; detail?: unknown; patch?: ApplicationPatch },
): Promise<{ recorded: boolean }> {
  return db.transaction().execute(async (tx) => {
    const seen = await tx.selectFrom('application_events').select('id').where('id', '=', e.id).executeTakeFirst();
    if (seen) return { recorded: false };
    const before = e.patch && Object.keys(e.patch).length > 0
      ? await tx.selectFrom('applications').select(Object.keys(e.patch) as (keyof ApplicationPatch)[]).where('id', '=', e.applicationId).executeTakeFirst()
      : undefined;
    const detail = e.detail === undefined ? null : JSON.stringify(e.detail);
    await tx.insertInto('application_events').values({ id: e.id, application_id: e.applicationId, at: e.at, date: e.date, type: e.type, actor: e.actor, detail }).execute();
    if (e.patch && Object.keys(e.patch).length > 0) {
      await tx.updateTable('applications').set(e.patch).where('id', '=', e.applicationId).execute();
    }
    await tx
      .insertInto('audit_log')
      .values({
        id: randomUUID(),
        at: e.at,
        actor: e.actor,
        subject_kind: 'application',
        subject_id: e.applicationId,
        action: e.type,
        outcome: 'done',
        detail,
        before: before ? JSON.stringify(before) : null,
        after: e.patch ? JSON.stringify(e.patch) : null,
      })
      .execute();
    return { recorded: true };
  });
}

export async function applicationEvents(db: Register, id: string) {
  return db.selectFrom('application_events').selectAll().where('application_id', '=', id).orderBy('at').orderBy('id').execute();
}

export async function recordDocument(db: Register, d: ApplicationTables['application_documents']): Promise<void> {
  await db.insertInto('application_documents').values(d).onConflict((oc) => oc.column('id').doUpdateSet({ path: d.path, sha256: d.sha256 })).execute();
}

export async function applicationDocuments(db: Register, id: string) {
  return db.selectFrom('application_documents').selectAll().where('application_id', '=', id).orderBy('created_at').execute();
}

// ---- appeals (section 四) ----

export async function recordAppeal(db: Register, a: { applicationId: string; kind: Section4Group; filedDate: string; note?: string }): Promise<string> {
  const id = randomUUID();
  await db.insertInto('appeals').values({ id, application_id: a.applicationId, kind: a.kind, filed_date: a.filedDate, concluded_date: null, result: null, note: a.note ?? null }).execute();
  return id;
}

export async function concludeAppeal(db: Register, id: string, r: { date: string; result: 'upheld' | 'corrected' | 'otherResult' }): Promise<void> {
  await db.updateTable('appeals').set({ concluded_date: r.date, result: r.result }).where('id', '=', id).execute();
}

// ---- year-end counts, by SQL (compared in tests with domain/report/aggregate.ts) ----

/** Section 三 of `year` counted in the register (statute §2.2: each case once in 三（七）, in the year it is concluded). */
export async function section3Counts(db: Register, year: number, format: ReportFormat = '2021'): Promise<Section3Data> {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const table: Record<string, number[]> = Object.fromEntries(section3RowKeys(format).map((k) => [k, applicantColumns.map(() => 0)]));
  const add = (row: string, column: string, n: number) => {
    const i = applicantColumns.indexOf(column as ApplicantKind);
    if (i < 0) throw new Error(`register: unknown applicant column "${column}"`);
    table[row][i] += n;
    table[row][applicantColumns.length - 1] += n;
  };
  const count = sql<number>`count(*)`.as('n');
  // 一、本年新收: received in the year, by receipt date (条例 第三十一条).
  const received = await db.selectFrom('applications').select(['applicant_column', count]).where('received_date', '>=', first).where('received_date', '<=', last).groupBy('applicant_column').execute();
  for (const r of received) add('received', r.applicant_column, Number(r.n));
  // 二、上年结转: received before the year, still open on 1 January.
  const carried = await db
    .selectFrom('applications')
    .select(['applicant_column', count])
    .where('received_date', '<', first)
    .where((eb) => eb.or([eb('closed_date', 'is', null), eb('closed_date', '>=', first)]))
    .groupBy('applicant_column')
    .execute();
  for (const r of carried) add('carriedOver', r.applicant_column, Number(r.n));
  // 三、办理结果: concluded in the year.
  const concluded = await db
    .selectFrom('applications')
    .select(['outcome', 'applicant_column', count])
    .where('closed_date', '>=', first)
    .where('closed_date', '<=', last)
    .where('outcome', 'is not', null)
    .groupBy(['outcome', 'applicant_column'])
    .execute();
  for (const r of concluded) {
    add(outcomeRow(r.outcome as OutcomeKey, format), r.applicant_column, Number(r.n));
    add('total', r.applicant_column, Number(r.n));
  }
  // 四、结转下年度: received by 31 December, open after it.
  const forward = await db
    .selectFrom('applications')
    .select(['applicant_column', count])
    .where('received_date', '<=', last)
    .where((eb) => eb.or([eb('closed_date', 'is', null), eb('closed_date', '>', last)]))
    .groupBy('applicant_column')
    .execute();
  for (const r of forward) add('carriedForward', r.applicant_column, Number(r.n));
  return table as Section3Data;
}

/** Section 四 of `year`: appeals pending or concluded in the year; concluded after it is 尚未审结. */
export async function section4Counts(db: Register, year: number): Promise<Section4Data> {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const table = Object.fromEntries(section4Groups.map((g) => [g, section4Columns.map(() => 0)])) as Record<Section4Group, number[]>;
  // Inlined, not a parameter: PostgreSQL matches GROUP BY to the select list textually (see register/report.ts).
  const column = sql<string>`case when concluded_date is not null and concluded_date <= ${sql.lit(last)} then result else 'pending' end`;
  const rows = await db
    .selectFrom('appeals')
    .select([
      'kind',
      column.as('col'),
      sql<number>`count(*)`.as('n'),
    ])
    .where('filed_date', '<=', last)
    .where((eb) => eb.or([eb('concluded_date', 'is', null), eb('concluded_date', '>=', first)]))
    .groupBy(['kind', column])
    .execute();
  for (const r of rows) {
    const g = r.kind as Section4Group;
    table[g][section4Columns.indexOf(r.col as (typeof section4Columns)[number])] += Number(r.n);
    table[g][section4Columns.indexOf('total')] += Number(r.n);
  }
  return table;
}

// ---- API keys for the portal (stored hashed) ----

const hashKey = (key: string) => sha256(key);

/** Creates a key for `name`; the key is returned once and only its hash is stored. */
export async function createApiKey(db: Register, name: string, now: string): Promise<string> {
  const key = `gk_${randomBytes(24).toString('base64url')}`;
  await db.insertInto('api_keys').values({ id: randomUUID(), name, key_hash: hashKey(key), created_at: now, revoked_at: null }).execute();
  return key;
}

export interface ApiKeyRow {
  name: string;
  createdAt: string;
  revokedAt: string | null;
  scopes: string[];
}

/** Every key (never the key itself, which is not stored), oldest first, with the scopes of its name. */
export async function listApiKeys(db: Register): Promise<ApiKeyRow[]> {
  const [keys, scopes] = await Promise.all([
    db.selectFrom('api_keys').select(['name', 'created_at', 'revoked_at']).orderBy('created_at').orderBy('name').execute(),
    db.selectFrom('api_key_scopes').select(['key_name', 'scope']).orderBy('scope').execute(),
  ]);
  return keys.map((k) => ({ name: k.name, createdAt: k.created_at, revokedAt: k.revoked_at, scopes: scopes.filter((s) => s.key_name === k.name).map((s) => s.scope) }));
}

/** Revokes every live key of `name`; returns how many were revoked (0: none live, or no such name). */
export async function revokeApiKey(db: Register, name: string, now: string): Promise<number> {
  const r = await db.updateTable('api_keys').set({ revoked_at: now }).where('name', '=', name).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The key's name when it is valid and not revoked. */
export async function verifyApiKey(db: Register, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('api_keys').select(['name', 'revoked_at']).where('key_hash', '=', hashKey(key)).executeTakeFirst();
  return row && row.revoked_at === null ? row.name : undefined;
}

/** One page of the applications list with its filters, soonest due first (the index on due_date), and the total. */
export async function pageApplications(
  db: Register,
  f: { status?: string; handler?: string; dueBefore?: string; applicant?: string; outcome?: string; page: number },
  pageSize: number,
) {
  let q = db.selectFrom('applications');
  if (f.status) q = q.where('status', '=', f.status);
  if (f.handler) q = q.where('handler', '=', f.handler);
  if (f.dueBefore) q = q.where('due_date', '<=', f.dueBefore);
  if (f.applicant) q = q.where('applicant_column', '=', f.applicant);
  if (f.outcome) q = q.where('outcome', '=', f.outcome);
  const [rows, total] = await Promise.all([
    q
      .select(['id', 'received_date', 'applicant_column', 'applicant_name', 'content', 'status', 'stage', 'handler', 'due_date', 'outcome', 'closed_date', 'channel'])
      .orderBy('due_date').orderBy('id').limit(pageSize).offset((f.page - 1) * pageSize).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** The appeals against one application, in the order they were filed. */
export async function listAppeals(db: Register, applicationId: string) {
  const rows = await db.selectFrom('appeals').selectAll().where('application_id', '=', applicationId).orderBy('filed_date').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind as Section4Group, filedDate: r.filed_date, concludedDate: r.concluded_date, result: r.result, note: r.note }));
}

/** Open cases nobody has claimed yet, soonest due first: what a handler may take on. */
export async function unassignedApplications(db: Register, limit: number): Promise<ApplicationRow[]> {
  return db.selectFrom('applications').selectAll().where('status', '=', 'open').where('handler', 'is', null).orderBy('due_date').limit(limit).execute();
}

/** What the supervisor's dashboard counts: every open case and review task, and the cases closed in `year`. */
/**
 * Open applications and review tasks, and the applications closed in `year` — or, given `closedBetween` (dates
 * YYYY-MM-DD, inclusive), closed on those days.
 */
export async function openWork(db: Register, year: number, closedBetween?: { from?: string; to?: string }) {
  let closedQuery = db.selectFrom('applications').select(['received_date', 'closed_date', 'due_date', 'handler']).where('status', '=', 'closed');
  if (closedBetween && (closedBetween.from || closedBetween.to)) {
    if (closedBetween.from) closedQuery = closedQuery.where('closed_date', '>=', closedBetween.from);
    if (closedBetween.to) closedQuery = closedQuery.where('closed_date', '<=', closedBetween.to);
  } else closedQuery = closedQuery.where('year', '=', year);
  const [openApps, openTasks, closed] = await Promise.all([
    db.selectFrom('applications').select(['id', 'stage', 'handler', 'due_date', 'applicant_name', 'received_date']).where('status', '=', 'open').execute(),
    db.selectFrom('review_tasks').innerJoin('review_items', 'review_items.id', 'review_tasks.item_id')
      .select(['review_tasks.item_id', 'review_tasks.stage_name', 'review_tasks.holder', 'review_tasks.due', 'review_tasks.opened_at', 'review_items.title']).where('review_tasks.status', '=', 'open').execute(),
    closedQuery.execute(),
  ]);
  return { openApps, openTasks, closed };
}
