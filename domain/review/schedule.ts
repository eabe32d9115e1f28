import type { Calendar } from '../calendar/calendar';
import { beijingInstant, parseCivilDate, shanghaiDate, formatDayNumber } from '../calendar/civil-date';

/** Due times fall at the close of the agency's working day, Beijing time (UTC+8, no DST since 1991). */
export const DUE_HOUR = 18;
/** The statutory deadline is escalated this many working days before its last day. */
export const STATUTORY_WARNING_WORKDAYS = 3;

export interface StageTimes {
  /** First reminder to the group: half the SLA used (absent when it would fall before entry). */
  half?: number;
  /** Second reminder at the SLA; escalation follows each working day after it. */
  due: number;
}

/**
 * A stage entered at `enteredAt` with an SLA of n working days is due at 18:00 on the n-th working day after
 * the entry date (the entry date is day 0); the half reminder at 18:00 on working day ⌊n/2⌋.
 */
export function stageTimes(calendar: Calendar, enteredAt: number, slaWorkdays: number): StageTimes {
  const day0 = shanghaiDate(enteredAt);
  const due = beijingInstant(calendar.addWorkdays(day0, slaWorkdays).date, DUE_HOUR);
  const halfDate = calendar.addWorkdays(day0, Math.floor(slaWorkdays / 2)).date;
  const half = beijingInstant(halfDate, DUE_HOUR);
  return half > enteredAt && half < due ? { half, due } : { due };
}

/** The next escalation after one at `previous`: 18:00 on the next working day (催办, repeated until acted on). */
export function nextEscalation(calendar: Calendar, previous: number): number {
  return beijingInstant(calendar.addWorkdays(shanghaiDate(previous), 1).date, DUE_HOUR);
}

/**
 * 条例 第二十六条: the statutory deadline is escalated at 09:00 on the working day that leaves
 * STATUTORY_WARNING_WORKDAYS working days (the deadline day included) before it is missed.
 */
export function statutoryWarning(calendar: Calendar, deadline: string): number {
  let z = parseCivilDate(deadline);
  for (let back = 0; back < 120; back++, z--) {
    const d = formatDayNumber(z - 1);
    if (calendar.workdaysBetween(d, deadline).workdays >= STATUTORY_WARNING_WORKDAYS) {
      // d leaves exactly N working days in (d, deadline]; warn on the first working day of those.
      return beijingInstant(calendar.addWorkdays(d, 1).date, 9);
    }
  }
  return beijingInstant(deadline, 9);
}
