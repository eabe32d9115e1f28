import { applicationStageLabels } from '../../domain/dictionary';
import { shanghaiDate, type Calendar } from '../../domain/calendar';
import { openWork } from '../../register/applications';
import type { Register } from '../../register/db';
import { publishedPerColumnByYear } from '../../register/reportFacts';
import { dueKind, type DueKind } from './due';

type Bucket = { overdue: number; today: number; soon: number; total: number };
const emptyBucket = (): Bucket => ({ overdue: 0, today: 0, soon: 0, total: 0 });
function add(map: Map<string, Bucket>, key: string, k: DueKind): void {
  const b = map.get(key) ?? emptyBucket();
  b.total++;
  if (k === 'overdue' || k === 'today' || k === 'soon') b[k]++;
  map.set(key, b);
}

/** The supervisor's figures, from the register: open work by due tier, by stage and by handler; this year's results. */
export async function dashboardData(db: Register, now: Date, cal: Calendar) {
  const year = Number(shanghaiDate(now).slice(0, 4));
  const [{ openApps, openTasks, closed }, publishing] = await Promise.all([
    openWork(db, year),
    // Last year's and this year's publication by column: what the annual report's section 一 will quote.
    publishedPerColumnByYear(db, year - 1, year),
  ]);
  const byStage = new Map<string, Bucket>();
  const byHandler = new Map<string, Bucket>();
  const late: Array<{ kind: string; id: string; label: string; who: string; due: string | null; tier: DueKind }> = [];
  for (const a of openApps) {
    const k = dueKind(a.due_date, now, cal);
    add(byStage, `依申请公开 · ${(applicationStageLabels as Record<string, string>)[a.stage] ?? a.stage}`, k);
    add(byHandler, a.handler ?? '（未分派）', k);
    if (k === 'overdue' || k === 'today') late.push({ kind: 'application', id: a.id, label: a.id, who: a.handler ?? '（未分派）', due: a.due_date, tier: k });
  }
  for (const t of openTasks) {
    const k = dueKind(t.due, now, cal);
    add(byStage, `信息发布 · ${t.stage_name}`, k);
    add(byHandler, t.holder ?? '（未认领）', k);
    if (k === 'overdue' || k === 'today') late.push({ kind: 'item', id: t.item_id, label: t.title, who: t.holder ?? '（未认领）', due: t.due, tier: k });
  }
  let onTime = 0;
  let days = 0;
  for (const c of closed) {
    if (c.closed_date && c.due_date && c.closed_date <= c.due_date) onTime++;
    if (c.closed_date) days += cal.workdaysBetween(c.received_date, c.closed_date).workdays;
  }
  return {
    year, byStage, byHandler, late: late.sort((a, b) => (a.due ?? '').localeCompare(b.due ?? '')), publishing,
    open: openApps.length, openTasks: openTasks.length, closed: closed.length,
    onTimeRate: closed.length ? onTime / closed.length : null, avgWorkdays: closed.length ? days / closed.length : null,
  };
}
