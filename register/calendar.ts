import { randomUUID } from 'node:crypto';
import { sha256 } from '../lib/hash';
import type { Transaction } from 'kysely';
import {
  calendarOverrideSchema,
  seedCalendarData,
  yearScheduleSchema,
  type CalendarData,
  type CalendarOverride,
  type YearSchedule,
} from '../domain/calendar';
import type { Register } from './db';
import type { RegisterSchema } from './schema';

type Db = Register | Transaction<RegisterSchema>;


/** The notices of a schedule as one line: `国办发明电〔2026〕9号 2026-11-03`. */
export function noticeLine(schedule: YearSchedule): string {
  return schedule.notices.map((n) => [n.number ?? '(文号未载)', n.published ?? ''].join(' ').trim()).join('; ');
}

async function audit(
  db: Db,
  a: { at: string; actor: string; subjectId: string; action: string; detail?: string; before?: unknown; after?: unknown },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: randomUUID(),
      at: a.at,
      actor: a.actor,
      subject_kind: 'calendar',
      subject_id: a.subjectId,
      action: a.action,
      outcome: 'done',
      detail: a.detail ?? null,
      before: a.before === undefined ? null : JSON.stringify(a.before),
      after: a.after === undefined ? null : JSON.stringify(a.after),
    })
    .execute();
}

// ---- the calendar as the register holds it ----------------------------------------------------------------

/** Imported yearly schedules, by year. */
export async function importedYears(db: Db): Promise<YearSchedule[]> {
  const rows = await db.selectFrom('calendar_years').select('data').orderBy('year').execute();
  return rows.map((r) => yearScheduleSchema.parse(JSON.parse(r.data)));
}

export async function calendarOverrides(db: Db): Promise<CalendarOverride[]> {
  const rows = await db.selectFrom('calendar_overrides').select(['date', 'kind', 'reason']).orderBy('date').execute();
  return rows.map((r) => ({ date: r.date, kind: r.kind, reason: r.reason }));
}

/**
 * The calendar the engine computes with: the seed (2004-2026), each imported year replacing the seed's
 * or the provisional year, and the agency's overrides on top. The version is the seed's alone while the
 * register adds nothing, else the seed's plus a hash of what the register adds: equal data, equal version.
 */
export async function loadCalendarData(db: Db): Promise<CalendarData> {
  const seed = seedCalendarData();
  const [imported, overrides] = await Promise.all([importedYears(db), calendarOverrides(db)]);
  const importedYearNumbers = new Set(imported.map((y) => y.year));
  const years = [...seed.years.filter((y) => !importedYearNumbers.has(y.year)), ...imported].sort((a, b) => a.year - b.year);
  const version =
    imported.length === 0 && overrides.length === 0
      ? seed.version
      : `${seed.version}+register@${sha256(JSON.stringify({ imported, overrides })).slice(0, 12)}`;
  return { version, years, overrides, daysInLieu: seed.daysInLieu };
}

// ---- imports --------------------------------------------------------------------------------------------

export type ImportStatus = 'imported' | 'replaced' | 'unchanged';

/**
 * Stores a validated yearly schedule (validate it with `parseYearScheduleFile` first), replacing an earlier
 * import of the same year, with an audit row (before/after). The same schedule again changes nothing.
 */
export async function importYearSchedule(db: Register, schedule: YearSchedule, by: string, at: string): Promise<{ status: ImportStatus; year: number }> {
  const data = JSON.stringify(yearScheduleSchema.parse(schedule));
  const hash = sha256(data);
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('calendar_years').selectAll().where('year', '=', schedule.year).executeTakeFirst();
    if (existing?.sha256 === hash) return { status: 'unchanged' as const, year: schedule.year };
    const values = { notice: noticeLine(schedule), data, sha256: hash, imported_by: by, imported_at: at };
    await trx
      .insertInto('calendar_years')
      .values({ year: schedule.year, ...values })
      .onConflict((oc) => oc.column('year').doUpdateSet(values))
      .execute();
    const status: ImportStatus = existing ? 'replaced' : 'imported';
    await audit(trx, {
      at,
      actor: by,
      subjectId: `year:${schedule.year}`,
      action: `calendar.${status === 'imported' ? 'import' : 'replace'}`,
      detail: values.notice,
      before: existing ? { notice: existing.notice, sha256: existing.sha256, imported_by: existing.imported_by, imported_at: existing.imported_at } : undefined,
      after: { notice: values.notice, sha256: hash },
    });
    return { status, year: schedule.year };
  });
}

// ---- overrides ------------------------------------------------------------------------------------------

export type OverrideStatus = 'added' | 'changed' | 'unchanged' | 'removed' | 'absent';

/** Adds or changes the agency's override of one day, audited with before and after; the same again is a no-op. */
export async function setCalendarOverride(db: Register, override: CalendarOverride, by: string, at: string): Promise<{ status: OverrideStatus }> {
  const o = calendarOverrideSchema.parse(override);
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('calendar_overrides').selectAll().where('date', '=', o.date).executeTakeFirst();
    if (existing && existing.kind === o.kind && existing.reason === o.reason) return { status: 'unchanged' as const };
    const values = { kind: o.kind, reason: o.reason, created_by: by, created_at: at };
    await trx
      .insertInto('calendar_overrides')
      .values({ date: o.date, ...values })
      .onConflict((oc) => oc.column('date').doUpdateSet(values))
      .execute();
    const status: OverrideStatus = existing ? 'changed' : 'added';
    await audit(trx, {
      at,
      actor: by,
      subjectId: `override:${o.date}`,
      action: `calendar.override.${status === 'added' ? 'add' : 'change'}`,
      before: existing ? { kind: existing.kind, reason: existing.reason, created_by: existing.created_by, created_at: existing.created_at } : undefined,
      after: { kind: o.kind, reason: o.reason },
    });
    return { status };
  });
}

/** Removes the override of a day, audited with what it was; `absent` when there was none. */
export async function removeCalendarOverride(db: Register, date: string, by: string, at: string): Promise<{ status: OverrideStatus }> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('calendar_overrides').selectAll().where('date', '=', date).executeTakeFirst();
    if (!existing) return { status: 'absent' as const };
    await trx.deleteFrom('calendar_overrides').where('date', '=', date).execute();
    await audit(trx, {
      at,
      actor: by,
      subjectId: `override:${date}`,
      action: 'calendar.override.remove',
      before: { kind: existing.kind, reason: existing.reason, created_by: existing.created_by, created_at: existing.created_at },
    });
    return { status: 'removed' as const };
  });
}

/** The calendar's audit trail (imports, overrides), oldest first. */
export async function calendarAuditLog(db: Db) {
  return db.selectFrom('audit_log').selectAll().where('subject_kind', '=', 'calendar').orderBy('at').orderBy('id').execute();
}
