import { documentKindName } from './documents';
import { refuseUnlessHandler, firstRefusal } from './rules';
import { computeClock, type ClockEvent } from '../clock';
import { noticeEventOfKind, policyOf, type ApplicationState, type NoticeKind, type NoticeReview, type RenderedNotice } from './state';
import { record, withClock, withStep, type CaseContext, type Command, type Effect, type Transition } from './transition';
import { refusal } from '../failures';

/**
 * A notice's review before it goes out (issue 15 §3), where the agency's policy for 依申请公开告知书 is on: the
 * handler's step stands at once (its clock event, its pause), but the notice is issued, and the applicant told, only
 * once the child `reviewItem` approves it. The 登记回执 is never held: 第三十一条's receipt is a fact, not a decision.
 */
export const reviewableNotice = (kind: NoticeKind): boolean => kind !== 'receipt';

/** The child review's workflow ID: one per notice and round, from the business ID (as the reply letter's). */
export const noticeReviewId = (caseId: string, key: string, round: number): string => `application-${caseId}-notice-${key}-${round}`;

const nameOf = (n: RenderedNotice) => documentKindName(`notice-${n.kind}`);

function withReview(s: ApplicationState, key: string, review: NoticeReview): ApplicationState {
  return { ...s, notices: s.notices.map((n) => (n.key === key ? { ...n, review } : n)) };
}

/** The notice just rendered goes to review; `email` waits for its issue. */
export function noticeToReview(s: ApplicationState, ctx: CaseContext, key: string, vars: NoticeReview['vars'], email: NoticeReview['email']): Transition {
  const n = s.notices.find((x) => x.key === key)!;
  const review: NoticeReview = { status: 'inReview', round: 1, workflowId: noticeReviewId(s.id, key, 1), vars, ...(email ? { email } : {}) };
  return {
    state: withStep(withReview(s, key, review), ctx, 'system', 'noticeInReview', `${nameOf(n)}送审，审核通过后发出`),
    effects: [record('noticeInReview', 'system', ctx.today, { notice: key, round: 1 })],
  };
}

/**
 * The email of a reviewed 补正 or fee notice states the period as counted from the day the notice goes out (it is
 * received by email that day at the earliest), not from the day of the step, which would shorten it (rule 9).
 */
function emailAsIssued(s: ApplicationState, ctx: CaseContext, kind: string, email: NonNullable<NoticeReview['email']>): NoticeReview['email'] {
  if (kind !== 'correction' && kind !== 'fee') return email;
  const i = noticeEventOfKind(s, kind);
  if (i < 0 || 'deliveredOn' in s.events[i]) return email;
  const events = s.events.map((e, j) => (j === i ? ({ ...e, deliveredOn: ctx.today, deliveredBy: 'electronic' } as ClockEvent) : e));
  const { deadlines } = computeClock(events, policyOf(s), ctx.calendar, ctx.today);
  const end = kind === 'correction' ? { periodEnd: deadlines.correctionPeriodEnd } : { payBy: deadlines.feePaymentEnd };
  return { ...email, vars: { ...email.vars, ...Object.fromEntries(Object.entries(end).filter(([, v]) => v)) } as NoticeReview['vars'] };
}

/**
 * Approved: the notice is issued on the day it was signed, as rendered again then, and the applicant is emailed.
 * With `onClock` (executions since 'notice-issued-on'), its clock event also carries that day as `issuedOn`, so what
 * runs from the sending runs from then (the clock's rule for a reviewed notice).
 */
export function noticeIssued(s: ApplicationState, ctx: CaseContext, key: string, approvedBy: string[], doc: { path: string; sha256: string }, onClock = false): Transition {
  const n = s.notices.find((x) => x.key === key)!;
  const review = n.review!;
  const notices = s.notices.map((x) => (x.key === key ? { ...x, ...doc, date: ctx.today, review: { ...review, status: 'issued' as const, approvedBy } } : x));
  const i = onClock ? noticeEventOfKind(s, n.kind) : -1;
  const events = i >= 0 && ctx.today > s.events[i].date ? s.events.map((e, j) => (j === i ? ({ ...e, issuedOn: ctx.today } as ClockEvent) : e)) : s.events;
  const issued = withStep({ ...s, notices, events }, ctx, 'system', 'noticeIssued', `${nameOf(n)}审核通过，于 ${ctx.today} 发出`);
  const next = events === s.events ? issued : withClock(issued, ctx);
  const effects: Effect[] = [record('noticeIssued', 'system', ctx.today, { notice: key, round: review.round, approvedBy })];
  const email = review.email && emailAsIssued(s, ctx, n.kind, review.email);
  if (email) effects.push({ kind: 'notifyApplicant', template: email.template, vars: email.vars });
  return { state: next, effects };
}

/** Not approved (withdrawn by the handler, or the review failed): nothing went out; the handler is told. */
export function noticeReturned(s: ApplicationState, ctx: CaseContext, key: string, why: string): Transition {
  const n = s.notices.find((x) => x.key === key)!;
  const next = withStep(withReview(s, key, { ...n.review!, status: 'returned', returned: why }), ctx, 'system', 'noticeReturned', `${nameOf(n)}未通过审核，未发出：${why}`);
  return {
    state: next,
    effects: [
      record('noticeReturned', 'system', ctx.today, { notice: key, round: n.review!.round, why }),
      { kind: 'notifyStaff', userIds: s.handler ? [s.handler] : ctx.roster.office, template: 'application-notice-returned', vars: { id: s.id, notice: nameOf(n), why } },
    ],
  };
}

/** The handler sends a returned notice to review again (a new round, a new child review). */
export const resubmitNotice: Command<{ actor: string; key: string }> = {
  check(s, _ctx, { actor, key }) {
    const n = s.notices.find((x) => x.key === key);
    return firstRefusal(
      () => refuseUnlessHandler(s, actor),
      () => (n ? undefined : refusal('Invalid', `key：本案没有编号为“${String(key)}”的告知书`)),
      () => (n?.review?.status === 'returned' ? undefined : refusal('Refused', `resubmitNotice：只有未通过审核的告知书可以重新送审（${n ? nameOf(n) : key}）`)),
    );
  },
  apply(s, ctx, { actor, key }) {
    const n = s.notices.find((x) => x.key === key)!;
    const round = n.review!.round + 1;
    const review: NoticeReview = { ...n.review!, status: 'inReview', round, workflowId: noticeReviewId(s.id, key, round) };
    delete review.returned;
    return {
      state: withStep(withReview(s, key, review), ctx, actor, 'noticeInReview', `${nameOf(n)}重新送审`),
      effects: [record('noticeInReview', actor, ctx.today, { notice: key, round })],
    };
  },
};

/** A notice under review, or returned, has not gone out: its receipt cannot be recorded yet. */
export function noticeNotIssued(s: ApplicationState, key: string): string | undefined {
  const n = s.notices.find((x) => x.key === key);
  if (!n?.review || n.review.status === 'issued') return undefined;
  return `recordNoticeReceipt：${nameOf(n)}${n.review.status === 'inReview' ? '正在审核中' : '未通过审核'}，尚未发出`;
}
