import { randomUUID } from 'node:crypto';
import type { Register } from './db';

/** An open application as a calendar change sees it: the days that can move its dates (010_calendar_reach). */
export interface OpenCaseWindow {
  id: string;
  workflow_id: string;
  open_from: string | null;
  open_until: string | null;
  dates_provisional: number | null;
}

export async function openCaseWindows(db: Register): Promise<OpenCaseWindow[]> {
  return db.selectFrom('applications').select(['id', 'workflow_id', 'open_from', 'open_until', 'dates_provisional']).where('status', '=', 'open').orderBy('id').execute();
}

/**
 * Whether a change of `days` (sorted) can move the case: a changed day in (open_from, open_until]. A row without a
 * window (written before the register kept one) is always moved; an import of a schedule also moves every case
 * whose dates are provisional (the notice may confirm them, which the case records).
 */
export function moves(w: OpenCaseWindow, days: string[], isImport: boolean): boolean {
  if (w.open_from === null) return true;
  if (isImport && w.dates_provisional === 1) return true;
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid] <= w.open_from) lo = mid + 1;
    else hi = mid;
  }
  return lo < days.length && (w.open_until === null || days[lo] <= w.open_until);
}

export interface FanOutRecord {
  id: string;
  version: string;
  reason: string;
  changedDays: string[];
  startedAt: string;
  finishedAt: string | null;
  openCases: number;
  reached: string[];
  othersSignalled: number;
  failed: { workflowId: string; error: string }[];
  /** Of the cases reached, how many register rows carry this version now (each case records its recomputation). */
  recomputed: number;
}

export async function startFanOutRecord(db: Register, r: { version: string; reason: string; changedDays: string[]; startedAt: string; openCases: number; reached: string[] }): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('calendar_fanouts')
    .values({ id, version: r.version, reason: r.reason, changed_days: JSON.stringify(r.changedDays), started_at: r.startedAt, finished_at: null, open_cases: r.openCases, reached: JSON.stringify(r.reached), others_signalled: 0, failed: '[]' })
    .execute();
  return id;
}

export async function finishFanOutRecord(db: Register, id: string, r: { finishedAt: string; othersSignalled: number; failed: { workflowId: string; error: string }[] }): Promise<void> {
  await db.updateTable('calendar_fanouts').set({ finished_at: r.finishedAt, others_signalled: r.othersSignalled, failed: JSON.stringify(r.failed) }).where('id', '=', id).execute();
}

/** The latest fan-outs, newest first. */
export async function listFanOutRecords(db: Register, limit = 20): Promise<FanOutRecord[]> {
  const rows = await db.selectFrom('calendar_fanouts').selectAll().orderBy('started_at', 'desc').limit(limit).execute();
  const out: FanOutRecord[] = [];
  for (const r of rows) {
    const reached = JSON.parse(r.reached) as string[];
    let recomputed = 0;
    // In chunks: a database limits the parameters of one statement.
    for (let i = 0; i < reached.length; i += 500) {
      const q = db.selectFrom('applications').select((e) => e.fn.countAll<number>().as('n')).where('id', 'in', reached.slice(i, i + 500)).where('calendar_version', '=', r.version);
      recomputed += Number((await q.executeTakeFirst())?.n ?? 0);
    }
    out.push({
      id: r.id,
      version: r.version,
      reason: r.reason,
      changedDays: JSON.parse(r.changed_days) as string[],
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      openCases: r.open_cases,
      reached,
      othersSignalled: r.others_signalled,
      failed: JSON.parse(r.failed) as FanOutRecord['failed'],
      recomputed,
    });
  }
  return out;
}
