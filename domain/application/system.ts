import type { CivilDate } from '../calendar/civil-date';
import type { ConsultationParty } from '../clock';
import type { OutcomeKey } from '../outcomes';
import { openConsultation, type ApplicationState, type DeadlineChange, type ReceiptNotice } from './state';
import { record, withClock, withStep, type CaseContext, type Effect, type Transition } from './transition';

/**
 * The transitions the workflow makes itself, not on a person's command: a period that lapsed, a consultation's
 * end, reminders, a calendar change, a notice rendered, the reply letter's review.
 */

/** The notices whose receipt is recorded, as the steps and the staff's emails name them. */
export const RECEIPT_NOTICE_TEXT: Record<ReceiptNotice, string> = { correction: '补正告知书', fee: '收费通知书', consultation: '征求意见函' };

/** The case ends with `outcome` on `on` (a delivered reply, or a period that lapsed: 视为放弃). */
export function close(s: ApplicationState, ctx: CaseContext, actor: string, outcome: OutcomeKey, on: CivilDate, how: string): Transition {
  return {
    state: withClock(withStep({ ...s, outcome, closedDate: on, stage: 'closed' }, ctx, actor, 'close', `${outcome} (${how})`), ctx),
    effects: [record('closed', actor, on, { outcome, how })],
  };
}

/** The open consultation of `party` ends on `on`: its reply, or the effect of its silence (第三十二条, 第三十四条). */
export function endConsultation(s: ApplicationState, ctx: CaseContext, actor: string, party: string, on: CivilDate, reply: string): Transition {
  const open = openConsultation(s, party)!;
  const consultations = s.consultations.map((k) => (k === open ? { ...k, ended: on, reply } : k));
  const events = [...s.events, { type: 'consultationEnded' as const, date: on, party: open.party }];
  return {
    state: withClock(withStep({ ...s, consultations, events }, ctx, actor, 'consultationEnded', `${open.party}: ${reply}`), ctx),
    effects: [record('consultationEnded', actor, on, { party: open.party, reply })],
  };
}

/**
 * clock-events rule 9: the period counted from the sending day has run, but nobody recorded when the addressee
 * received the notice, so its real end is unknown: the case does not end by itself; the handler (or the office,
 * while nobody holds it) is told to record the receipt. The workflow makes sure this happens once per notice.
 */
export function receiptMissing(s: ApplicationState, ctx: CaseContext, notice: ReceiptNotice, periodEnd: CivilDate, party?: ConsultationParty): Transition {
  const what = RECEIPT_NOTICE_TEXT[notice];
  const next = withStep(s, ctx, 'system', 'noticeReceiptMissing', `${what}的送达日期未记录：自发出之日起算的期限已于 ${periodEnd} 届满，不自动办结，请登记对方收到之日`);
  return {
    state: next,
    effects: [
      { kind: 'notifyStaff', userIds: s.handler ? [s.handler] : ctx.roster.office, template: 'application-receipt-missing', vars: { id: s.id, notice: what, periodEnd } },
      record('noticeReceiptMissing', 'system', ctx.today, { notice, ...(party ? { party } : {}), periodEnd }),
    ],
  };
}

/** A notice rendered as a document (since 'notice-documents'): kept among the case's notices, named in its steps. */
export function noticeRendered(s: ApplicationState, ctx: CaseContext, doc: ApplicationState['notices'][number], title: string): ApplicationState {
  return withStep({ ...s, notices: [...s.notices, doc] }, ctx, 'system', 'noticeRendered', `${title}：${doc.path}`);
}

/**
 * A reminder `left` (5, 2 or 0) working days before the due date, to the handler (the office while nobody holds
 * it); below 0, the day's escalation to the supervisors. `remindersSent` keeps each from being sent twice.
 */
export function reminder(s: ApplicationState, ctx: CaseContext, left: number): Transition {
  const due = s.clock!.due!;
  const t = ctx.today;
  if (left >= 0) {
    const when = left === 0 ? '今日到期' : `还有 ${left} 个工作日到期`;
    return {
      state: { ...s, remindersSent: [...s.remindersSent, `${t}/due-${left}/${due}`] },
      effects: [
        { kind: 'notifyStaff', userIds: s.handler ? [s.handler] : ctx.roster.office, template: 'application-reminder', vars: { id: s.id, due, when } },
        record('reminder', 'system', t, { workdaysLeft: left, due }),
      ],
    };
  }
  return {
    state: { ...s, remindersSent: [...s.remindersSent, `${t}/overdue`] },
    effects: [
      { kind: 'notifyStaff', userIds: ctx.roster.supervisors, template: 'application-escalation', vars: { id: s.id, due, days: -left, handler: s.handler ?? '未分派' } },
      record('escalation', 'system', t, { overdueWorkdays: -left, due }),
    ],
  };
}

/**
 * 条例 第三十条: a 补正 notice goes out within 7 working days of receipt (`due`). On the last of them, if none was
 * sent, the handler is reminded (the office while nobody holds the case, and then the supervisors too).
 */
export function correctionNoticeReminder(s: ApplicationState, ctx: CaseContext, due: CivilDate): Effect[] {
  const escalated = s.handler === null;
  const to = escalated ? [...new Set([...ctx.roster.office, ...ctx.roster.supervisors])] : [s.handler!];
  return [
    { kind: 'notifyStaff', userIds: to, template: 'application-correction-notice-due', vars: { id: s.id, due, handler: s.handler ?? '未分派' } },
    record('correctionNoticeReminder', 'system', ctx.today, { due, escalated }),
  ];
}

/** A calendar change (`ctx.calendar` is the new one): the due date as it now is, with the reason and the version. */
export function deadlinesRecomputed(s: ApplicationState, ctx: CaseContext, reason: string): Transition {
  const from = s.clock?.due ?? null;
  const next = withClock(s, ctx);
  const change: DeadlineChange = { date: ctx.today, reason, calendarVersion: ctx.calendar.version, from, to: next.clock!.due };
  const detail = `${from ?? '—'} → ${change.to ?? '—'}（${reason}；日历版本 ${ctx.calendar.version}）`;
  return {
    state: withStep({ ...next, deadlineChanges: [...s.deadlineChanges, change] }, ctx, 'system', 'recomputeDeadlines', detail),
    effects: [record('deadlinesRecomputed', 'system', ctx.today, change)],
  };
}

// ---- the reply letter (条例 第三十六条): rendered, reviewed by the child `reviewItem`, ready for delivery ----------

type Letter = NonNullable<ApplicationState['letter']>;

export const letterRendered = (s: ApplicationState, ctx: CaseContext, l: { path: string; sha256: string; version: number }): ApplicationState =>
  withStep({ ...s, letter: { ...l, reviewed: false } }, ctx, 'system', 'letterRendered', l.path);

export const letterInReview = (s: ApplicationState, workflowId: string): ApplicationState => ({
  ...s,
  letter: { ...s.letter!, review: { workflowId, approvedBy: [] } },
});

/** A review that did not approve sends the letter back to the handler, who decides again. */
export function letterReturned(s: ApplicationState, ctx: CaseContext, why: string): Transition {
  const l = s.letter!;
  const letter: Letter = { ...l, review: { ...l.review!, returned: why } };
  const effects: Effect[] = [record('letterReturned', 'system', ctx.today, { path: l.path, version: l.version, review: l.review!.workflowId, reason: why })];
  if (s.handler) effects.push({ kind: 'notifyStaff', userIds: [s.handler], template: 'application-letter-returned', vars: { id: s.id, version: l.version, reason: why } });
  return { state: withStep({ ...s, letter, stage: 'handling' }, ctx, 'system', 'letterReturned', why), effects };
}

export function letterApproved(s: ApplicationState, ctx: CaseContext, approvedBy: string[]): ApplicationState {
  const l = s.letter!;
  const letter: Letter = { ...l, review: { ...l.review!, approvedBy } };
  return withStep({ ...s, letter }, ctx, 'system', 'letterReviewed', `${l.review!.workflowId}: ${[s.handler, ...approvedBy].join(' → ')}`);
}

/** The letter is ready (reviewed, or issued unreviewed when the case asked for no review): it awaits delivery. */
export function letterReady(s: ApplicationState, ctx: CaseContext, reviewed: boolean): Transition {
  const letter: Letter = { ...s.letter!, reviewed: true };
  let next: ApplicationState = { ...s, letter, stage: 'awaitingDelivery' };
  if (!reviewed) next = withStep(next, ctx, 'system', 'letterReviewed', 'no review (reviewLetter: false)');
  const detail = {
    path: letter.path,
    sha256: letter.sha256,
    reviewed,
    ...(letter.review ? { review: letter.review.workflowId, approvedBy: letter.review.approvedBy } : {}),
  };
  return { state: next, effects: [record('letterReady', 'system', ctx.today, detail)] };
}
