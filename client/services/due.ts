import { dueTierLabels } from '../../domain/dictionary';
import type { Calendar } from '../../domain/calendar';
import { addDays, beijingDateTime, beijingInstant, shanghaiDate } from '../../domain/calendar';

/** Working days (today excluded, the due day included) at or under which a case is 即将到期. */
export const SOON_WORKDAYS = 3;

export type DueKind = 'none' | 'normal' | 'soon' | 'today' | 'overdue';
export const DUE_LABEL: Record<DueKind, string> = dueTierLabels;

/**
 * Where a due date or due instant stands on `now`, in Beijing working days: past it 已逾期, on its day
 * 今日到期, within SOON_WORKDAYS working days 即将到期, otherwise 正常.
 */
export function dueKind(due: string | null, now: Date, calendar: Calendar): DueKind {
  if (!due) return 'none';
  const today = shanghaiDate(now);
  const isDate = /^\d{4}-\d{2}-\d{2}$/.test(due);
  const day = isDate ? due : shanghaiDate(new Date(due));
  if (day < today || (!isDate && Date.parse(due) < now.getTime())) return 'overdue';
  if (day === today) return 'today';
  return calendar.workdaysBetween(today, day).workdays <= SOON_WORKDAYS ? 'soon' : 'normal';
}

/** A due value as staff read it: the date, and the time when it is an instant (Beijing time). */
export function dueText(due: string | null): string {
  if (!due) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(due)) return due;
  return beijingDateTime(due);
}

/**
 * The tiers of `dueKind` for due instants, as ISO instants a query can compare with: before `now` 已逾期,
 * before the end of today (Beijing) 今日到期, before the day with more than SOON_WORKDAYS working days 即将到期.
 */
export function tierBounds(now: Date, calendar: Calendar): { now: string; todayEnd: string; soonEnd: string } {
  const today = shanghaiDate(now);
  const startOf = (day: string) => new Date(beijingInstant(day, 0)).toISOString();
  return { now: now.toISOString(), todayEnd: startOf(addDays(today, 1)), soonEnd: startOf(calendar.addWorkdays(today, SOON_WORKDAYS + 1).date) };
}
