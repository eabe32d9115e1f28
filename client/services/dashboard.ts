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

/** What the supervisor narrows the dashboard to: a period (days YYYY-MM-DD), a handler (user id), a stage (its label). */
export interface DashboardFilters {
  from?: string;
  to?: string;
  handler?: string;
  stage?: string;
}

/** One open case or review task as the dashboard lists it (and exports it). */
export interface OpenCase { kind: 'application' | 'item'; id: string; label: string; stage: string; who: string; start: string; due: string | null; tier: DueKind }

/**
 * The supervisor's figures, from the register: open work by due tier, by stage and by handler; the results of the
 * year (or of the period). Filters: the period selects open work received (an item's task opened) on those days and
 * the cases closed on those days; the handler and the stage select open work, and the handler the closed cases.
 * `stages` and `handlers` are every value the filters can take, whatever is chosen.
 */
export async function dashboardData(db: Register, now: Date, cal: Calendar, f: DashboardFilters = {}) {
  const year = Number(shanghaiDate(now).slice(0, 4));
  const [{ openApps, openTasks, closed: closedAll }, publishing] = await Promise.all([
    openWork(db, year, { from: f.from, to: f.to }),
    // Last year's and this year's publication by column: what the annual report's section 一 will quote.
    publishedPerColumnByYear(db, year - 1, year),
  ]);
  const cases: OpenCase[] = [
    ...openApps.map((a) => ({ kind: 'application' as const, id: a.id, label: a.id, stage: `依申请公开 · ${(applicationStageLabels as Record<string, string>)[a.stage] ?? a.stage}`, who: a.handler ?? '（未分派）', start: a.received_date, due: a.due_date, tier: dueKind(a.due_date, now, cal) })),
    ...openTasks.map((t) => ({ kind: 'item' as const, id: t.item_id, label: t.title, stage: `信息发布 · ${t.stage_name}`, who: t.holder ?? '（未认领）', start: shanghaiDate(new Date(t.opened_at)), due: t.due, tier: dueKind(t.due, now, cal) })),
  ];
  const stages = [...new Set(cases.map((c) => c.stage))].sort();
  const handlers = [...new Set([...cases.map((c) => c.who), ...closedAll.map((c) => c.handler).filter((h): h is string => !!h)])].sort();
  const shown = cases.filter((c) => (!f.from || c.start >= f.from) && (!f.to || c.start <= f.to) && (!f.handler || c.who === f.handler) && (!f.stage || c.stage === f.stage));
  const closed = closedAll.filter((c) => !f.handler || c.handler === f.handler);
  const byStage = new Map<string, Bucket>();
  const byHandler = new Map<string, Bucket>();
  for (const c of shown) {
    add(byStage, c.stage, c.tier);
    add(byHandler, c.who, c.tier);
  }
  const late = shown.filter((c) => c.tier === 'overdue' || c.tier === 'today').map(({ kind, id, label, who, due, tier }) => ({ kind, id, label, who, due, tier }));
  let onTime = 0;
  let days = 0;
  for (const c of closed) {
    if (c.closed_date && c.due_date && c.closed_date <= c.due_date) onTime++;
    if (c.closed_date) days += cal.workdaysBetween(c.received_date, c.closed_date).workdays;
  }
  const byDue = (a: { due: string | null }, b: { due: string | null }) => (a.due ?? '9999').localeCompare(b.due ?? '9999');
  return {
    year, byStage, byHandler, late: late.sort(byDue), publishing, cases: shown.sort(byDue), stages, handlers,
    open: shown.filter((c) => c.kind === 'application').length, openTasks: shown.filter((c) => c.kind === 'item').length, closed: closed.length,
    onTimeRate: closed.length ? onTime / closed.length : null, avgWorkdays: closed.length ? days / closed.length : null,
  };
}
