import type { Calendar, DateResult } from '../calendar/calendar';
import type { CivilDate } from '../calendar/civil-date';

/** The component deadlines workflows wait on; each is `addWorkdays` from the day the period starts. */

/** 条例 第三十三条第二款: reply within 20 working days of 收到申请之日. */
export const REPLY_WORKDAYS = 20;
/** 条例 第三十条: the 补正 notice within 7 working days of receipt. */
export const CORRECTION_NOTICE_WORKDAYS = 7;
/** 条例 第三十二条, 第三十四条: the consulted party answers within 15 working days. */
export const CONSULTATION_WORKDAYS = 15;
/** 国办函〔2020〕109号 第六条: the applicant pays within 20 working days of the fee notice. */
export const FEE_PAYMENT_WORKDAYS = 20;
/** 条例 第三十三条第二款: an extension is at most 20 working days. */
export const MAX_EXTENSION_WORKDAYS = 20;

export function replyDue(calendar: Calendar, received: CivilDate): DateResult {
  return calendar.addWorkdays(received, REPLY_WORKDAYS);
}

export function correctionNoticeDue(calendar: Calendar, received: CivilDate): DateResult {
  return calendar.addWorkdays(received, CORRECTION_NOTICE_WORKDAYS);
}

/** Last day to send the corrected application; the case is abandoned the next working day. */
export function correctionPeriodEnd(calendar: Calendar, requested: CivilDate, periodWorkdays: number): DateResult {
  return calendar.addWorkdays(requested, periodWorkdays);
}

/**
 * The consulted party's own due date. The statute counts from the addressee's receipt of the letter
 * (clock-events rule 9): pass the day it was received; the day it was sent gives the earliest possible date.
 */
export function consultationDue(calendar: Calendar, receivedOrSent: CivilDate): DateResult {
  return calendar.addWorkdays(receivedOrSent, CONSULTATION_WORKDAYS);
}

/** Last day to pay; unpaid, the application is treated as abandoned (视为放弃) the next working day. */
export function feePaymentEnd(calendar: Calendar, noticeIssued: CivilDate): DateResult {
  return calendar.addWorkdays(noticeIssued, FEE_PAYMENT_WORKDAYS);
}
