/**
 * What the annual report's narrative states beyond the tables (条例 第五十条 一、总体情况): items published per column
 * and how long they took from submission, the 三审 of the year's published items, applications answered on time,
 * and the 信息处理费 paid. Portable SQL; the year is Beijing time (yearInstants) for instants, civil dates as text.
 */
import type { NarrativeFacts } from '../domain/report';
import type { Register } from './db';
import { yearInstants } from './report';

export interface ColumnStats {
  column: string;
  published: number;
  /** Median hours from the item's submission (review_items.created_at) to its publication; null if none. */
  medianHours: number | null;
}

/** Items published in `year` per portal column (栏目), with the median submission→publication time. */
export async function publishedPerColumn(db: Register, year: number): Promise<ColumnStats[]> {
  const { from, to } = yearInstants(year);
  const rows = await db
    .selectFrom('publications')
    .leftJoin('review_items', 'review_items.id', 'publications.item_id')
    .select(['publications.column_name as column', 'publications.published_at as published', 'review_items.created_at as submitted'])
    .where('publications.published_at', '>=', from)
    .where('publications.published_at', '<', to)
    .execute();
  const byColumn = new Map<string, { n: number; hours: number[] }>();
  for (const r of rows) {
    const c = byColumn.get(r.column) ?? { n: 0, hours: [] };
    c.n += 1;
    // Items published without the review workflow (imported, or the report itself) have no submission time.
    if (r.submitted) c.hours.push((Date.parse(r.published) - Date.parse(r.submitted)) / 3_600_000);
    byColumn.set(r.column, c);
  }
  return [...byColumn.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([column, c]) => ({ column, published: c.n, medianHours: median(c.hours) }));
}

/** The same for each year of a range, for the supervisor's dashboard (one query per year: bounded by the range). */
export async function publishedPerColumnByYear(db: Register, fromYear: number, toYear: number): Promise<Array<{ year: number } & ColumnStats>> {
  const years = Array.from({ length: Math.max(0, toYear - fromYear + 1) }, (_, i) => fromYear + i);
  const perYear = await Promise.all(years.map(async (year) => (await publishedPerColumn(db, year)).map((s) => ({ year, ...s }))));
  return perYear.flat();
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * The 三审 of the year: items published after review, returns to their author during review (each reject counts),
 * and retractions (撤稿). Returns are counted from the audit log, which keeps every review transition.
 */
export async function reviewFigures(db: Register, year: number): Promise<{ reviewed: number; returned: number; retracted: number }> {
  const { from, to } = yearInstants(year);
  const [reviewed, returned, retracted] = await Promise.all([
    db.selectFrom('publications').innerJoin('review_items', 'review_items.id', 'publications.item_id')
      .select((eb) => eb.fn.count<number>('publications.item_id').distinct().as('n'))
      .where('publications.published_at', '>=', from).where('publications.published_at', '<', to).executeTakeFirst(),
    db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('subject_kind', '=', 'item').where('action', '=', 'reject').where('outcome', '=', 'done')
      .where('at', '>=', from).where('at', '<', to).executeTakeFirst(),
    db.selectFrom('publications').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('retracted_at', '>=', from).where('retracted_at', '<', to).executeTakeFirst(),
  ]);
  return { reviewed: Number(reviewed?.n ?? 0), returned: Number(returned?.n ?? 0), retracted: Number(retracted?.n ?? 0) };
}

/** Applications concluded in `year` on or before their due date (the register's due date, kept current by the workflow). */
export async function answeredOnTime(db: Register, year: number): Promise<number> {
  const row = await db.selectFrom('applications').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('closed_date', '>=', `${year}-01-01`).where('closed_date', '<=', `${year}-12-31`)
    .where('due_date', 'is not', null).whereRef('closed_date', '<=', 'due_date').executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * 信息处理费 paid in `year`, in 元 (条例 第四十二条; 109号): each feePaid event of the year, at the amount of the
 * application's last fee notice before it. A notice never paid is not income.
 */
export async function feesPaidYuan(db: Register, year: number): Promise<number> {
  const paid = await db.selectFrom('application_events').select(['application_id', 'date'])
    .where('type', '=', 'feePaid').where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`).execute();
  if (paid.length === 0) return 0;
  const notices = await db.selectFrom('application_events').select(['application_id', 'date', 'detail'])
    .where('type', '=', 'feeNoticeIssued').where('application_id', 'in', [...new Set(paid.map((p) => p.application_id))])
    .orderBy('date').orderBy('at').execute();
  let total = 0;
  for (const p of paid) {
    const notice = notices.filter((n) => n.application_id === p.application_id && n.date <= p.date).at(-1);
    const amount = notice?.detail ? Number((JSON.parse(notice.detail) as { amount?: unknown }).amount) : NaN;
    if (Number.isFinite(amount)) total += amount;
  }
  return total;
}

/** Where the year's items were published: the hosts of their addresses (the portal, or the built-in site). */
export async function publicationHosts(db: Register, year: number): Promise<string[]> {
  const { from, to } = yearInstants(year);
  // Distinct addresses, bounded: the hosts are few, the items many.
  const rows = await db.selectFrom('publications').select('url').distinct()
    .where('published_at', '>=', from).where('published_at', '<', to).limit(5000).execute();
  const hosts = rows.map((r) => {
    try {
      return new URL(r.url).hostname;
    } catch {
      return null; // a relative or odd address names no channel
    }
  });
  return [...new Set(hosts.filter((h): h is string => !!h))].sort();
}

/** What C8 compares the narrative with, beyond the tables. */
export async function narrativeFacts(db: Register, year: number): Promise<Required<NarrativeFacts>> {
  const [columns, feesYuan] = await Promise.all([publishedPerColumn(db, year), feesPaidYuan(db, year)]);
  return { publishedByColumn: Object.fromEntries(columns.map((c) => [c.column, c.published])), feesYuan };
}
