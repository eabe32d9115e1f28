import type { Calendar, CivilDate } from '../calendar';
import type { ClockResult } from './clock';

/**
 * The days whose status can move an open case's dates: those after its receipt (every period counts from a day
 * after it), up to the working day after the last date it waits for (the day 视为放弃 or an escalation would come).
 * `until` is null while the dates move with time: a paused clock (第三十二条, 第三十三条第三款...) or an overdue
 * case, escalated every working day. A calendar change reaches the case only if it changes a day in (from, until].
 */
export interface OpenWindow {
  from: CivilDate;
  until: CivilDate | null;
  /** The dates depend on a year whose official schedule is not imported yet: next year's notice reaches it. */
  provisional: boolean;
}

export function openWindow(clock: ClockResult, calendar: Calendar): OpenWindow {
  const provisional = clock.provisional;
  if (clock.state === 'paused' || clock.state === 'overdue') return { from: clock.received, until: null, provisional };
  const d = clock.deadlines;
  const dates = [clock.due, d.correctionNoticeDue, d.correctionPeriodEnd, d.feePaymentEnd, ...d.consultations.map((c) => c.due)].filter((x): x is string => !!x);
  if (dates.length === 0) return { from: clock.received, until: clock.received, provisional };
  const last = dates.reduce((a, b) => (a > b ? a : b));
  return { from: clock.received, until: calendar.addWorkdays(last, 1).date, provisional };
}
