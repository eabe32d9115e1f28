/**
 * The annual report's numbers from the register (条例 第五十条): section 一's published items by category,
 * section 三 in one pass over the applications, section 四 from the appeals; and the reports table.
 * Portable SQL (SQLite and PostgreSQL): dates are YYYY-MM-DD text, instants ISO-8601 UTC text.
 */
import { sql } from 'kysely';
import { beijingInstant } from '../domain/calendar/civil-date';
import { applicantColumns, outcomeRow, type ApplicantKind, type OutcomeKey, type ReportFormat } from '../domain/outcomes';
import { parseReportData, section2Blocks, section3RowKeys, type NarrativeFacts, type ReportData, type Section3Data } from '../domain/report';
import { section4Counts } from './applications';
import type { Register } from './db';
import type { ReportTables } from './schema/report';

export type ReportRow = ReportTables['reports'];

/**
 * The UTC instants that bound the agency's calendar year (Asia/Shanghai, UTC+8, no daylight saving):
 * 1 January 00:00 Beijing time is 31 December 16:00Z. publications.published_at is ISO UTC text
 * (`toISOString()`), so string comparison is time comparison.
 */
export function yearInstants(year: number): { from: string; to: string } {
  const newYear = (y: number) => new Date(beijingInstant(`${String(y).padStart(4, '0')}-01-01`, 0)).toISOString();
  return { from: newYear(year), to: newYear(year + 1) };
}

/** Section 一's counts: items published on the portal in `year`, by category (a later retraction does not undo it). */
export async function section1Counts(db: Register, year: number): Promise<Record<string, number>> {
  const { from, to } = yearInstants(year);
  const rows = await db
    .selectFrom('publications')
    .select(['category', sql<number>`count(*)`.as('n')])
    .where('published_at', '>=', from)
    .where('published_at', '<', to)
    .groupBy('category')
    .orderBy('category')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.category, Number(r.n)]));
}

/**
 * Section 三 of `year` in one scan: the rows are the applications open at some time in the year (received by
 * 31 December and not concluded before 1 January); each is counted once in 一 or 二, once in an outcome row
 * and 三（七） if concluded in the year, else once in 四. Same rules as domain/report/aggregate.ts.
 */
export async function section3OnePass(db: Register, year: number, format: ReportFormat = '2021'): Promise<Section3Data> {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  // Inlined, not a parameter: PostgreSQL matches a GROUP BY expression to the select list textually, and two
  // parameters ($1, $2) with the same value are different expressions. `last` is built from a number.
  const concludedOutcome = sql<string | null>`case when closed_date is not null and closed_date <= ${sql.lit(last)} then outcome else null end`;
  const rows = await db
    .selectFrom('applications')
    .select([
      'applicant_column',
      concludedOutcome.as('concluded'),
      sql<number>`sum(case when received_date >= ${first} then 1 else 0 end)`.as('received'),
      sql<number>`sum(case when received_date < ${first} then 1 else 0 end)`.as('carried_over'),
      sql<number>`count(*)`.as('n'),
    ])
    .where('received_date', '<=', last)
    .where((eb) => eb.or([eb('closed_date', 'is', null), eb('closed_date', '>=', first)]))
    .groupBy(['applicant_column', concludedOutcome])
    .execute();
  const table: Record<string, number[]> = Object.fromEntries(section3RowKeys(format).map((k) => [k, applicantColumns.map(() => 0)]));
  const add = (row: string, column: string, n: number) => {
    const i = applicantColumns.indexOf(column as ApplicantKind);
    if (i < 0 || i === applicantColumns.length - 1) throw new Error(`register: unknown applicant column "${column}"`);
    table[row][i] += n;
    table[row][applicantColumns.length - 1] += n;
  };
  for (const r of rows) {
    const n = Number(r.n);
    add('received', r.applicant_column, Number(r.received));
    add('carriedOver', r.applicant_column, Number(r.carried_over));
    if (r.concluded === null) {
      add('carriedForward', r.applicant_column, n);
    } else {
      add(outcomeRow(r.concluded as OutcomeKey, format), r.applicant_column, n);
      add('total', r.applicant_column, n);
    }
  }
  return table as Section3Data;
}

/** Section 二 left for the editor: every cell an empty string (docs/report-data.md: the editor fills them in). */
export function emptySection2(format: ReportFormat): Record<string, Record<string, string>> {
  return Object.fromEntries(
    section2Blocks[format].flatMap((b) => b.rows.map((r) => [r.key, Object.fromEntries(r.fields.map((f) => [f, '']))])),
  );
}

export interface AssembledReport {
  data: ReportData;
  /** Section 一's counts by category: the numbers the editor's narrative quotes. */
  section1Counts: Record<string, number>;
  /** The register's figures the narrative check (C8) uses; set by the assembly activity, absent in older histories. */
  facts?: NarrativeFacts;
}

/** The report data of `year` from the register; the manual sections (一, 二, 五, 六 text) are empty strings. */
export async function assembleFromRegister(
  db: Register,
  input: { agency: string; year: number; format?: ReportFormat },
): Promise<AssembledReport> {
  const format = input.format ?? '2021';
  const [counts, section3, section4] = await Promise.all([
    section1Counts(db, input.year),
    section3OnePass(db, input.year, format),
    section4Counts(db, input.year),
  ]);
  const data = {
    format,
    agency: input.agency,
    year: input.year,
    section1: '',
    section2: emptySection2(format),
    section3,
    section4,
    section5: '',
    section6: '',
  } as ReportData;
  return { data, section1Counts: counts };
}

// ---- the reports table (written by the saveReport activity) ----

export interface ReportRecord {
  id: string;
  agencyCode: string;
  year: number;
  format: string;
  state: string;
  data: unknown;
  section1Counts: Record<string, number>;
  manual: unknown;
  failures: unknown[];
  files: unknown[];
  dueDate: string;
  publishedAt: string | null;
}

/** Upserts the report's row (idempotent: the same record written twice leaves one row with the same content). */
export async function saveReport(db: Register, r: ReportRecord, at: string): Promise<void> {
  const row = {
    format: r.format,
    state: r.state,
    data: JSON.stringify(r.data),
    section1_counts: JSON.stringify(r.section1Counts),
    manual: JSON.stringify(r.manual),
    failures: JSON.stringify(r.failures),
    files: JSON.stringify(r.files),
    due_date: r.dueDate,
    published_at: r.publishedAt,
    updated_at: at,
  };
  await db
    .insertInto('reports')
    .values({ id: r.id, agency_code: r.agencyCode, year: r.year, ...row, created_at: at })
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute();
}

export async function getReport(db: Register, id: string): Promise<ReportRow | undefined> {
  return db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * An agency's report data of `year` as the register keeps it, for C4 next year: the published report if there is
 * one, else the report row's data (sections 三 and 四 are assembled from the register, so a report still being
 * written has its 四 already). Null when there is no row, or its data is not valid report data.
 */
export async function reportDataOfYear(db: Register, agencyCode: string, year: number): Promise<ReportData | null> {
  const rows = await db
    .selectFrom('reports')
    .select(['data', 'published_at', 'updated_at'])
    .where('agency_code', '=', agencyCode)
    .where('year', '=', year)
    .execute();
  // Published first, then the most recently updated.
  rows.sort((a, b) => Number(b.published_at !== null) - Number(a.published_at !== null) || b.updated_at.localeCompare(a.updated_at));
  for (const row of rows) {
    let json: unknown;
    try {
      json = JSON.parse(row.data);
    } catch {
      continue;
    }
    if (json === null) continue;
    const parsed = parseReportData(json);
    if (parsed.ok && parsed.data.year === year) return parsed.data;
  }
  return null;
}

/** Every year's report row, newest first, as lists show it (failures counted, not listed). */
export async function listReports(db: Register) {
  const rows = await db.selectFrom('reports').select(['year', 'format', 'state', 'due_date', 'published_at', 'failures']).orderBy('year', 'desc').execute();
  return rows.map((r) => ({ year: r.year, format: r.format, state: r.state, dueDate: r.due_date, publishedAt: r.published_at, failures: (JSON.parse(r.failures) as unknown[]).length }));
}

/** Every report row, newest year first (the console's report page). */
export async function reportRows(db: Register): Promise<ReportRow[]> {
  return db.selectFrom('reports').selectAll().orderBy('year', 'desc').execute();
}

/** The published files of `year`'s report: format, path under DATA_DIR, and its public URL when published. */
export async function reportFiles(db: Register, year: number): Promise<Array<{ format: string; path: string; url?: string }>> {
  const rows = await db.selectFrom('reports').select(['files']).where('year', '=', year).execute();
  return rows.flatMap((r) => JSON.parse(r.files) as Array<{ format: string; path: string; url?: string }>);
}
