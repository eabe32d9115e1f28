import { Calendar } from '../../domain/calendar';
import { correctionNoticeDue } from '../../domain/clock/deadlines';
import { ApplicationCase, loadApplicationCalendar, notifyStaff } from './case';
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

/** Reminders 5 and 2 working days before the due date and on it; escalation each working day after it. */
export async function remind(c: ApplicationCase): Promise<void> {
  const clock = c.state.clock!;
  const t = c.today();
  if (!c.cal().isWorkday(t).workday || !clock.due || clock.workdaysLeft === null) return;
  if (!['running', 'due-soon', 'due-today', 'overdue'].includes(clock.state) || c.state.stage === 'closed') return;
  const left = clock.workdaysLeft;
  const holder = c.state.handler ? [c.state.handler] : c.roster.office;
  if (left === 5 || left === 2 || left === 0) {
    const key = `${t}/due-${left}`;
    if (c.state.remindersSent.some((k) => k.endsWith(`/due-${left}`) && k.includes(clock.due!))) return;
    c.state.remindersSent.push(`${key}/${clock.due}`);
    const when = left === 0 ? '今日到期' : `还有 ${left} 个工作日到期`;
    await notifyStaff({ userIds: holder, template: 'application-reminder', vars: { id: c.id, due: clock.due, when } });
    await c.record('reminder', 'system', t, { workdaysLeft: left, due: clock.due });
  } else if (left < 0) {
    const key = `${t}/overdue`;
    if (c.state.remindersSent.includes(key)) return;
    c.state.remindersSent.push(key);
    await notifyStaff({ userIds: c.roster.supervisors, template: 'application-escalation', vars: { id: c.id, due: clock.due, days: -left, handler: c.state.handler ?? '未分派' } });
    await c.record('escalation', 'system', t, { overdueWorkdays: -left, due: clock.due });
  }
}

/**
 * 条例 第三十条: a 补正 notice goes out within 7 working days of receipt. On the last of them, if none was sent,
 * the handler is reminded (the office while nobody holds the case, and then the supervisors too). Once.
 */
export async function remindCorrectionNotice(c: ApplicationCase): Promise<void> {
  const t = c.today();
  if (c.state.correction || c.correctionNoticeReminded || !c.cal().isWorkday(t).workday) return;
  if (c.state.stage !== 'unassigned' && c.state.stage !== 'handling') return;
  const due = correctionNoticeDue(c.cal(), c.state.events[0].date).date;
  if (t < due) return;
  c.correctionNoticeReminded = true;
  const escalated = c.state.handler === null;
  const to = escalated ? [...new Set([...c.roster.office, ...c.roster.supervisors])] : [c.state.handler!];
  await notifyStaff({ userIds: to, template: 'application-correction-notice-due', vars: { id: c.id, due, handler: c.state.handler ?? '未分派' } });
  await c.record('correctionNoticeReminder', 'system', t, { due, escalated });
}

/** Each queued signal in turn: the calendar it carries (or the register's) replaces ours; the new due date is recorded. */
export async function applyRecompute(c: ApplicationCase): Promise<void> {
  const requests = c.recomputeRequests;
  c.recomputeRequests = [];
  for (const r of requests) {
    const data = r.calendar ?? (await loadApplicationCalendar());
    const from = c.state.clock?.due ?? null;
    c.calendar = new Calendar(data);
    c.recompute();
    const change: d.DeadlineChange = { date: c.today(), reason: r.reason, calendarVersion: data.version, from, to: c.state.clock!.due };
    c.state.deadlineChanges.push(change);
    c.step('system', 'recomputeDeadlines', `${from ?? '—'} → ${change.to ?? '—'}（${r.reason}；日历版本 ${data.version}）`);
    await c.record('deadlinesRecomputed', 'system', c.today(), change);
  }
}
