import { Calendar } from './calendar';
import { addDays, type CivilDate } from './civil-date';
import type { CalendarData } from './types';

/**
 * The days whose status (working day or not) differs between two versions of the calendar: what a change
 * (an import, an override) moves. Only the days that can differ are compared: those of a year whose schedule
 * changed (and the years beside it, whose edge days a notice can set) and those of a changed override.
 */
export function changedDays(before: CalendarData, after: CalendarData): CivilDate[] {
  const a = new Calendar(before);
  const b = new Calendar(after);
  const candidates = new Set<CivilDate>();
  const schedules = (data: CalendarData) => new Map(data.years.map((y) => [y.year, JSON.stringify(y)]));
  const sa = schedules(before);
  const sb = schedules(after);
  for (const year of new Set([...sa.keys(), ...sb.keys()])) {
    if (sa.get(year) === sb.get(year)) continue;
    for (let d = `${year - 1}-12-01`; d <= `${year + 1}-01-31`; d = addDays(d, 1)) candidates.add(d);
  }
  const key = (o: { date: string; kind: string }) => `${o.date}/${o.kind}`;
  const oa = new Set(before.overrides.map(key));
  const ob = new Set(after.overrides.map(key));
  for (const o of [...before.overrides, ...after.overrides]) if (!oa.has(key(o)) || !ob.has(key(o))) candidates.add(o.date);
  return [...candidates].filter((d) => a.isWorkday(d).workday !== b.isWorkday(d).workday).sort();
}
