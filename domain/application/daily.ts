import type { Calendar } from '../calendar/calendar';
import type { CivilDate } from '../calendar/civil-date';
import { correctionNoticeDue, type ClockResult, type ConsultationParty } from '../clock';
import type { OutcomeKey } from '../outcomes';
import { lastEventDate, receiptRecorded, type ApplicationState, type ReceiptNotice } from './state';

/**
 * What the daily check of `handleApplication` finds due on a day: periods that lapsed, reminders, escalations and
 * the 补正 notice's deadline. The workflow runs the same predicates for each day ahead to plan its one timer
 * (`workflows/application/nextCheck.ts`), so the plan and the check cannot disagree.
 */

/** How the case counts periods that run from a notice's receipt, and which missing receipts it has already told of. */
export interface ReceiptRule {
  /** Since 'periods-from-receipt': an automatic ending waits for the recorded receipt (clock-events rule 9). */
  periodsFromReceipt: boolean;
  told(notice: ReceiptNotice, party?: ConsultationParty): boolean;
}

export type Lapse =
  | { kind: 'receiptMissing'; notice: ReceiptNotice; periodEnd: CivilDate; party?: ConsultationParty }
  | { kind: 'abandoned'; outcome: OutcomeKey; on: CivilDate }
  | { kind: 'consultationLapsed'; party: ConsultationParty; on: CivilDate; effect: string };

/**
 * The next period that lapsed as of `today` (`clock` computed for it), in the order the workflow acts on them; null
 * when none is left. 视为放弃 of 补正 (条例 第三十条) or of the fee (国办函〔2020〕109号) ends the case; a
 * consultation's silence ends the consultation (第三十二条: the agency decides; 第三十四条: deemed consent).
 * Without the recorded receipt the period may not have run for the addressee yet: the handler is told instead
 * (clock-events rule 9), once (`rule.told`). Asked again after each action, on the state as it then is, so an
 * update that came in between (a reply recorded meanwhile) is seen.
 */
export function nextLapse(s: ApplicationState, calendar: Calendar, today: CivilDate, clock: ClockResult, rule: ReceiptRule): Lapse | null {
  if (s.stage === 'letterReview' || s.stage === 'awaitingDelivery' || s.stage === 'closed') return null;
  const receiptMissing = (notice: ReceiptNotice, party?: ConsultationParty) => rule.periodsFromReceipt && !receiptRecorded(s, notice, party);
  if (clock.abandoned) {
    const fee = s.stage === 'awaitingFee';
    const notice = fee ? 'fee' : 'correction';
    const end = fee ? clock.deadlines.feePaymentEnd! : clock.deadlines.correctionPeriodEnd!;
    if (receiptMissing(notice)) return rule.told(notice) ? null : { kind: 'receiptMissing', notice, periodEnd: end };
    // 视为放弃 on the working day after the period: that is the day the case is concluded.
    return { kind: 'abandoned', outcome: fee ? 'other.feeUnpaid' : 'other.noCorrection', on: calendar.addWorkdays(end, 1).date };
  }
  for (const k of s.consultations) {
    if (k.ended !== null || !(today > k.due)) continue;
    if (receiptMissing('consultation', k.party)) {
      if (rule.told('consultation', k.party)) continue;
      return { kind: 'receiptMissing', notice: 'consultation', periodEnd: k.due, party: k.party };
    }
    const effect = k.party === 'third-party' ? '逾期未提出意见，由本机关依照条例决定（第三十二条）' : '逾期未提出意见，视为同意公开（第三十四条）';
    // The events stay in date order: an ending noticed late is dated no earlier than the last recorded event.
    const last = lastEventDate(s);
    return { kind: 'consultationLapsed', party: k.party, on: k.due < last ? last : k.due, effect };
  }
  return null;
}

/** Whether the check acts on a lapse on `day` (`clock` computed for it): the same question as `nextLapse`. */
export const lapseDue = (s: ApplicationState, calendar: Calendar, day: CivilDate, clock: ClockResult, rule: ReceiptRule): boolean =>
  nextLapse(s, calendar, day, clock, rule) !== null;

/**
 * Reminders 5 and 2 working days before the due date and on it; escalation each working day after it. The working
 * days left when the check acts on `day` (5, 2 or 0 for a reminder not yet sent for this due date, below 0 for that
 * day's escalation); null when it does nothing.
 * `once` is false only for executions started before 'reminders-once': their check looked for the sent reminder's
 * key ending in `/due-N`, which no key does (`DAY/due-N/DUE`), so each wake on a reminder day sent it again; their
 * histories hold those repeats and must replay with them.
 */
export function reminderDue(s: ApplicationState, calendar: Calendar, day: CivilDate, clock: ClockResult, once = true): number | null {
  if (!calendar.isWorkday(day).workday || !clock.due || clock.workdaysLeft === null) return null;
  if (!['running', 'due-soon', 'due-today', 'overdue'].includes(clock.state) || s.stage === 'closed') return null;
  const left = clock.workdaysLeft;
  if (left === 5 || left === 2 || left === 0) {
    const sent = once ? (k: string) => k.endsWith(`/due-${left}/${clock.due}`) : (k: string) => k.endsWith(`/due-${left}`) && k.includes(clock.due!);
    return s.remindersSent.some(sent) ? null : left;
  }
  return left < 0 && !s.remindersSent.includes(`${day}/overdue`) ? left : null;
}

/**
 * 条例 第三十条: a 补正 notice goes out within 7 working days of receipt. On the last of them, if none was sent and
 * the case has not been reminded, the check reminds: returns that last day, or null.
 */
export function correctionNoticeReminderDue(s: ApplicationState, calendar: Calendar, day: CivilDate, reminded: boolean): CivilDate | null {
  if (s.correction || reminded || !calendar.isWorkday(day).workday) return null;
  if (s.stage !== 'unassigned' && s.stage !== 'handling') return null;
  const due = correctionNoticeDue(calendar, s.events[0].date).date;
  return day >= due ? due : null;
}
