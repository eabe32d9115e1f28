import { correctionNoticeReminderDue, nextLapse, reminderDue, type ReceiptRule } from '../../domain/application/daily';
import { close, correctionNoticeReminder, deadlinesRecomputed, endConsultation, reminder } from '../../domain/application/system';
import type { ApplicationCase } from './case';

/**
 * What the main loop of `handleApplication` does each day at 09:00 and after every change: periods that lapsed,
 * queued deadline recomputations, and the reminders and escalations of the statutory clock. What is due is decided
 * by `domain/application/daily.ts`; the transitions are `domain/application/system.ts`.
 */

export const receiptRule = (c: ApplicationCase): ReceiptRule => ({
  periodsFromReceipt: c.periodsFromReceipt,
  told: (notice, party) => c.receiptMissingTold(notice, party),
});

const next = (c: ApplicationCase) => nextLapse(c.state, c.cal(), c.today(), c.state.clock!, receiptRule(c));

/** Periods that lapsed end the case or a consultation by themselves (条例 第三十条, 第三十二条, 第三十四条, 109号). */
export async function applyLapses(c: ApplicationCase): Promise<void> {
  c.recompute();
  for (let l = next(c); l; l = next(c)) {
    if (l.kind === 'receiptMissing') await c.receiptMissing(l.notice, l.periodEnd, l.party);
    else if (l.kind === 'abandoned') await c.run(close(c.state, c.context(), 'system', l.outcome, l.on, 'period lapsed'));
    else await c.run(endConsultation(c.state, c.context(), 'system', l.party, l.on, l.effect));
  }
}

/** Reminders 5 and 2 working days before the due date and on it; escalation each working day after it. */
export async function remind(c: ApplicationCase): Promise<void> {
  const left = reminderDue(c.state, c.cal(), c.today(), c.state.clock!, c.remindersOnce);
  if (left !== null) await c.run(reminder(c.state, c.context(), left));
}

/** 条例 第三十条: the 补正 notice's last day with none sent: the handler is reminded, once. */
export async function remindCorrectionNotice(c: ApplicationCase): Promise<void> {
  const due = correctionNoticeReminderDue(c.state, c.cal(), c.today(), c.correctionNoticeReminded);
  if (due === null) return;
  c.correctionNoticeReminded = true;
  await c.run({ state: c.state, effects: correctionNoticeReminder(c.state, c.context(), due) });
}

/** Each queued signal in turn: the calendar it carries (or the register's) replaces ours; the new due date is recorded. */
export async function applyRecompute(c: ApplicationCase): Promise<void> {
  const requests = c.recomputeRequests;
  c.recomputeRequests = [];
  for (const r of requests) {
    const data = r.calendar ?? (await c.register.loadApplicationCalendar());
    // A resend of the version in force (`calendar recompute`) changes nothing; executions before it recorded it.
    if (!r.calendar && data.version === c.calendar?.version && c.skipSameVersion) continue;
    c.useCalendar(data);
    await c.run(deadlinesRecomputed(c.state, c.context(), r.reason));
  }
}
