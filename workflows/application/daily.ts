import { Calendar, type CivilDate } from '../../domain/calendar';
import type { ClockResult, ConsultationParty } from '../../domain/clock';
import { correctionNoticeDue } from '../../domain/clock/deadlines';
import { ApplicationCase, notifyStaff } from './case';
import type * as d from './definitions';

/**
 * What the main loop of `handleApplication` does each day at 09:00 and after every change: periods that lapsed,
 * queued deadline recomputations, and the reminders and escalations of the statutory clock.
 */

/** Periods that lapsed end the case or a consultation by themselves (条例 第三十条, 第三十二条, 第三十四条, 109号). */
export async function applyLapses(c: ApplicationCase): Promise<void> {
  c.recompute();
  const clock = c.state.clock!;
  if (clock.abandoned) {
    const fee = c.state.stage === 'awaitingFee';
    const end = fee ? clock.deadlines.feePaymentEnd! : clock.deadlines.correctionPeriodEnd!;
    // clock-events rule 9: without the recorded receipt the period may not have run for the applicant yet.
    if (c.periodsFromReceipt && !c.receiptRecorded(fee ? 'fee' : 'correction')) return c.receiptMissing(fee ? 'fee' : 'correction', end);
    // 视为放弃 on the working day after the period: that is the day the case is concluded.
    await c.close('system', fee ? 'other.feeUnpaid' : 'other.noCorrection', c.cal().addWorkdays(end, 1).date, 'period lapsed');
    return;
  }
  for (const k of c.state.consultations) {
    if (k.ended === null && c.today() > k.due) {
      // clock-events rule 9: 15 working days from the party's receipt, which must be recorded first.
      if (c.periodsFromReceipt && !c.receiptRecorded('consultation', k.party)) {
        await c.receiptMissing('consultation', k.due, k.party);
        continue;
      }
      // 条例 第三十二条: silence lets the agency decide; 第三十四条: silence is deemed consent.
      const effect = k.party === 'third-party' ? '逾期未提出意见，由本机关依照条例决定（第三十二条）' : '逾期未提出意见，视为同意公开（第三十四条）';
      await c.endConsultation('system', k.party, k.due < c.lastEventDate() ? c.lastEventDate() : k.due, effect);
    }
  }
}

/**
 * Whether `applyLapses` acts on `day` with `clock` (computed for that day): a period lapsed, or a consultation
 * is past its due date, and the case has not already been told its receipt is missing.
 */
export function lapseDue(c: ApplicationCase, day: CivilDate, clock: ClockResult): boolean {
  if (c.state.stage === 'letterReview' || c.state.stage === 'awaitingDelivery' || c.state.stage === 'closed') return false;
  const waitsForReceipt = (notice: d.ReceiptNotice, party?: ConsultationParty) =>
    c.periodsFromReceipt && !c.receiptRecorded(notice, party) && c.receiptMissingTold(notice, party);
  if (clock.abandoned) return !waitsForReceipt(c.state.stage === 'awaitingFee' ? 'fee' : 'correction');
  return c.state.consultations.some((k) => k.ended === null && day > k.due && !waitsForReceipt('consultation', k.party));
}

/** Reminders 5 and 2 working days before the due date and on it; escalation each working day after it. */
export async function remind(c: ApplicationCase): Promise<void> {
  const clock = c.state.clock!;
  const t = c.today();
  const left = reminderDue(c, t, clock);
  if (left === null) return;
  const holder = c.state.handler ? [c.state.handler] : c.roster.office;
  if (left >= 0) {
    c.state.remindersSent.push(`${t}/due-${left}/${clock.due}`);
    const when = left === 0 ? '今日到期' : `还有 ${left} 个工作日到期`;
    await notifyStaff({ userIds: holder, template: 'application-reminder', vars: { id: c.id, due: clock.due!, when } });
    await c.record('reminder', 'system', t, { workdaysLeft: left, due: clock.due });
  } else {
    c.state.remindersSent.push(`${t}/overdue`);
    await notifyStaff({ userIds: c.roster.supervisors, template: 'application-escalation', vars: { id: c.id, due: clock.due!, days: -left, handler: c.state.handler ?? '未分派' } });
    await c.record('escalation', 'system', t, { overdueWorkdays: -left, due: clock.due });
  }
}

/**
 * The working days left when `remind` acts on `day` with `clock` (computed for that day): 5, 2 or 0 for a
 * reminder not yet sent for this due date, below 0 for that day's escalation; null when it does nothing.
 */
export function reminderDue(c: ApplicationCase, day: CivilDate, clock: ClockResult): number | null {
  if (!c.cal().isWorkday(day).workday || !clock.due || clock.workdaysLeft === null) return null;
  if (!['running', 'due-soon', 'due-today', 'overdue'].includes(clock.state) || c.state.stage === 'closed') return null;
  const left = clock.workdaysLeft;
  if (left === 5 || left === 2 || left === 0) {
    return c.state.remindersSent.some((k) => k.endsWith(`/due-${left}`) && k.includes(clock.due!)) ? null : left;
  }
  return left < 0 && !c.state.remindersSent.includes(`${day}/overdue`) ? left : null;
}

/**
 * 条例 第三十条: a 补正 notice goes out within 7 working days of receipt. On the last of them, if none was sent,
 * the handler is reminded (the office while nobody holds the case, and then the supervisors too). Once.
 */
export async function remindCorrectionNotice(c: ApplicationCase): Promise<void> {
  const t = c.today();
  if (!correctionNoticeReminderDue(c, t)) return;
  const due = correctionNoticeDue(c.cal(), c.state.events[0].date).date;
  c.correctionNoticeReminded = true;
  const escalated = c.state.handler === null;
  const to = escalated ? [...new Set([...c.roster.office, ...c.roster.supervisors])] : [c.state.handler!];
  await notifyStaff({ userIds: to, template: 'application-correction-notice-due', vars: { id: c.id, due, handler: c.state.handler ?? '未分派' } });
  await c.record('correctionNoticeReminder', 'system', t, { due, escalated });
}

/** Whether `remindCorrectionNotice` acts on `day`. */
export function correctionNoticeReminderDue(c: ApplicationCase, day: CivilDate): boolean {
  if (c.state.correction || c.correctionNoticeReminded || !c.cal().isWorkday(day).workday) return false;
  if (c.state.stage !== 'unassigned' && c.state.stage !== 'handling') return false;
  return day >= correctionNoticeDue(c.cal(), c.state.events[0].date).date;
}

/** Each queued signal in turn: the calendar it carries (or the register's) replaces ours; the new due date is recorded. */
export async function applyRecompute(c: ApplicationCase): Promise<void> {
  const requests = c.recomputeRequests;
  c.recomputeRequests = [];
  for (const r of requests) {
    const data = r.calendar ?? (await c.register.loadApplicationCalendar());
    // A resend of the version in force (`calendar recompute`) changes nothing; executions before it recorded it.
    if (!r.calendar && data.version === c.calendar?.version && c.skipSameVersion) continue;
    const from = c.state.clock?.due ?? null;
    c.calendar = new Calendar(data);
    c.recompute();
    const change: d.DeadlineChange = { date: c.today(), reason: r.reason, calendarVersion: data.version, from, to: c.state.clock!.due };
    c.state.deadlineChanges.push(change);
    c.step('system', 'recomputeDeadlines', `${from ?? '—'} → ${change.to ?? '—'}（${r.reason}；日历版本 ${data.version}）`);
    await c.record('deadlinesRecomputed', 'system', c.today(), change);
  }
}
