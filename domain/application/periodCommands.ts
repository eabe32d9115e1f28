import { MAX_EXTENSION_WORKDAYS, type ClockEvent } from '../clock';
import { refusal, type Refusal } from '../failures';
import { extensionApproverRefusal } from './extension';
import { applicationFee, feeComputation, type FeeBasis } from './fees';
import { DEFAULT_EXTENSION_WORKDAYS, firstRefusal, pastDateOf, refuseBlank, refuseNextEvent, refusePastDate, refuseUnlessDate, refuseUnlessHandler, refuseUnlessStage } from './rules';
import { policyOf, type ApplicationState } from './state';
import { record, withClock, withStep, type Command, type Effect } from './transition';

/**
 * The commands that change the reply period itself: extension (条例 第三十三条第二款), fees (第四十二条,
 * 国办函〔2020〕109号) and 大量反复申请 (第三十五条). The other commands of the clock are in `clockCommands.ts`.
 */

type Actor = { actor: string };

/** 条例 第三十三条第二款: the handler asks; the head of the disclosure office consents (`decideExtension`). */
export const requestExtension: Command<Actor & { reason: string; workdays?: number }> = {
  check: (s, ctx, { actor, reason, workdays }) =>
    firstRefusal(
      () => refuseUnlessHandler(s, actor),
      () => refuseUnlessStage(s, 'requestExtension', 'handling'),
      () => refuseBlank('reason', reason, '延期须写明理由（条例第三十三条第二款）', 2),
      () => {
        const n = workdays ?? DEFAULT_EXTENSION_WORKDAYS;
        // 条例 第三十三条第二款: 延长的期限最长不得超过20个工作日.
        return !Number.isInteger(n) || n < 1 || n > MAX_EXTENSION_WORKDAYS
          ? refusal('Invalid', `workdays：1 至 ${MAX_EXTENSION_WORKDAYS}（条例第三十三条第二款：延长的期限最长不得超过20个工作日）`)
          : undefined;
      },
      () => (s.extension?.decision === 'pending' ? refusal('Refused', 'requestExtension：已有一项延期申请等待审批') : undefined),
      // 条例 第三十三条第二款: the reply period is extended once only.
      () => (s.extension?.decision === 'approved' ? refusal('Rule', '答复期限只能延长一次（条例第三十三条第二款），本案已经延期') : undefined),
      () => refuseNextEvent(s, ctx, { type: 'extensionApproved', date: ctx.today, workdays: workdays ?? DEFAULT_EXTENSION_WORKDAYS }),
    ),
  apply(s, ctx, { actor, reason, workdays }) {
    const n = workdays ?? DEFAULT_EXTENSION_WORKDAYS;
    const next = withClock(withStep({ ...s, extension: { requestedBy: actor, reason, workdays: n, requestedOn: ctx.today, decision: 'pending' } }, ctx, actor, 'requestExtension', reason), ctx);
    return {
      state: next,
      effects: [
        record('extensionRequested', actor, ctx.today, { reason, workdays: n }),
        { kind: 'notifyStaff', userIds: ctx.roster.officeHeads, template: 'application-reminder', vars: { id: s.id, due: next.clock?.due ?? '', when: '申请延期答复，待审批' } },
      ],
    };
  },
};

/** 条例 第三十三条第二款: 经政府信息公开工作机构负责人同意 — another office head than the one who asked (four eyes). */
export const decideExtension: Command<Actor & { approve: boolean; note?: string }> = {
  check: (s, ctx, { actor, approve }) =>
    firstRefusal(
      () =>
        ctx.roster.officeHeads.includes(actor)
          ? undefined
          : refusal('Forbidden', `actor：${actor} 不能审批延期，条例第三十三条第二款要求由政府信息公开工作机构负责人审批`),
      () => (s.extension?.decision === 'pending' ? undefined : refusal('Refused', 'decideExtension：没有等待审批的延期申请')),
      () => refuseExtensionFourEyes(s, actor),
      () => (typeof approve === 'boolean' ? undefined : refusal('Invalid', 'approve：应为 true 或 false')),
      () => (approve ? refuseNextEvent(s, ctx, { type: 'extensionApproved', date: ctx.today, workdays: s.extension!.workdays }) : undefined),
    ),
  apply(s, ctx, { actor, approve, note }) {
    const ext = { ...s.extension!, decision: approve ? ('approved' as const) : ('refused' as const), decidedBy: actor };
    const events: ClockEvent[] = approve ? [...s.events, { type: 'extensionApproved', date: ctx.today, workdays: ext.workdays }] : s.events;
    const next = withClock(withStep({ ...s, extension: ext, events }, ctx, actor, approve ? 'approveExtension' : 'refuseExtension', note), ctx);
    const effects: Effect[] = [record(approve ? 'extensionApproved' : 'extensionRefused', actor, ctx.today, { note, workdays: ext.workdays })];
    if (approve) {
      const due = next.clock!.due ?? '';
      // 条例 第三十三条第二款: 告知申请人 — the 延期答复告知书 goes out the day it is approved, before the old due date.
      const reason = ext.reason.trim().replace(/[。；，,.;\s]+$/, '');
      const email = { template: 'application-extension', vars: { reason: ext.reason, workdays: ext.workdays, due } };
      effects.push({ kind: 'notice', notice: 'extension', key: 'extension', vars: { reason, workdays: ext.workdays, due }, email });
    }
    return { state: next, effects };
  },
};

/** The four-eyes part of `decideExtension`'s check, which the workflow also runs in its handler (behind a patch). */
export function refuseExtensionFourEyes(s: ApplicationState, actor: string): Refusal | undefined {
  const r = s.extension ? extensionApproverRefusal(s.extension.requestedBy, actor) : undefined;
  return r ? refusal('Forbidden', r) : undefined;
}

type FeeArgs = Actor & ({ method: 'perApplication'; monthlyCount: number } | { method: 'perPage'; pages: number });
const feeBasis = (a: FeeArgs): FeeBasis => (a.method === 'perPage' ? { method: 'perPage', pages: a.pages } : { method: 'perApplication', monthlyCount: a.monthlyCount });

/** 条例 第四十二条, 国办函〔2020〕109号: a fee notice within the reply period; 20 working days to pay. */
export const issueFeeNotice: Command<FeeArgs> = {
  check: (s, ctx, args) =>
    firstRefusal(
      () => refuseUnlessHandler(s, args.actor),
      () => refuseUnlessStage(s, 'issueFeeNotice', 'handling'),
      () => (s.fee ? refusal('Refused', 'issueFeeNotice：本案已经发出过收费通知') : undefined),
      () => {
        try {
          // 国办函〔2020〕109号: within the free tier nothing is charged, so no notice.
          return applicationFee(feeBasis(args)) === 0 ? refusal('Invalid', '未超出免费额度，不发收费通知（国办函〔2020〕109号）') : undefined;
        } catch (e) {
          if (e instanceof RangeError) return refusal('Invalid', `fee：${e.message}`);
          throw e;
        }
      },
      // 109号 第六条: the notice is issued within the processing period.
      () =>
        s.clock?.due && ctx.today > s.clock.due
          ? refusal('Rule', `收费通知须在答复期限内发出（国办函〔2020〕109号第六条；答复期限 ${s.clock.due}）`)
          : undefined,
    ),
  apply(s, ctx, args) {
    const amount = applicationFee(feeBasis(args));
    const basis = args.method === 'perPage' ? `按量计收，${args.pages} 页` : `按件计收，本月第 ${args.monthlyCount} 件`;
    const withEvent = withClock({ ...s, events: [...s.events, { type: 'feeNoticeIssued' as const, date: ctx.today }] }, ctx);
    const fee = { amount, basis, issued: ctx.today, payBy: withEvent.clock!.deadlines.feePaymentEnd!, paid: null };
    const next = withStep({ ...withEvent, fee, stage: 'awaitingFee' }, ctx, args.actor, 'issueFeeNotice', `${amount} 元（${basis}）`);
    const pause = policyOf(s).feePausesClock ? '按本机关规定，缴费期间不计入答复期限。' : '';
    return {
      state: next,
      effects: [
        record('feeNoticeIssued', args.actor, ctx.today, { amount, basis }),
        // 109号 第六条: the basis, the rate, the amount and how to pay; 20 working days from the day after receipt.
        {
          kind: 'notice', notice: 'fee', key: 'fee', vars: { amount, computation: feeComputation(feeBasis(args)), pause },
          email: { template: 'application-fee', vars: { amount, basis, payBy: fee.payBy } },
        },
      ],
    };
  },
};

export const feePaid: Command<Actor & { date?: string }> = {
  check: (s, ctx, { actor, date }) =>
    firstRefusal(
      () => refuseUnlessHandler(s, actor),
      () => refuseUnlessStage(s, 'feePaid', 'awaitingFee'),
      () => refusePastDate(s, ctx, 'date', date),
      () => refuseNextEvent(s, ctx, { type: 'feePaid', date: pastDateOf(ctx, date) }),
    ),
  apply(s, ctx, { actor, date }) {
    const on = pastDateOf(ctx, date);
    const base = { ...s, events: [...s.events, { type: 'feePaid' as const, date: on }], fee: { ...s.fee!, paid: on }, stage: 'handling' as const };
    return { state: withClock(withStep(base, ctx, actor, 'feePaid', on), ctx), effects: [record('feePaid', actor, on)] };
  },
};

/** 条例 第四十二条: charging is the agency's choice (可以收取), so it may waive a fee it noticed, with its reason. */
export const waiveFee: Command<Actor & { reason: string }> = {
  check: (s, ctx, { actor, reason }) =>
    firstRefusal(
      () => refuseUnlessHandler(s, actor),
      () => refuseUnlessStage(s, 'waiveFee', 'awaitingFee'),
      () => refuseBlank('reason', reason, '减免信息处理费须写明理由', 2),
      () => refuseNextEvent(s, ctx, { type: 'feeWaived', date: ctx.today }),
    ),
  apply(s, ctx, { actor, reason }) {
    const why = reason.trim();
    const fee = { ...s.fee!, waived: { on: ctx.today, by: actor, reason: why } };
    const base = { ...s, events: [...s.events, { type: 'feeWaived' as const, date: ctx.today }], fee, stage: 'handling' as const };
    return {
      state: withClock(withStep(base, ctx, actor, 'waiveFee', `${fee.amount} 元：${why}`), ctx),
      effects: [
        record('feeWaived', actor, ctx.today, { amount: fee.amount, reason: why }),
        { kind: 'notifyApplicant', template: 'application-fee-waived', vars: { amount: fee.amount, reason: why } },
      ],
    };
  },
};

/** 条例 第三十五条: a massive or repeated request: the applicant is asked for reasons, once. */
export const askReasons: Command<Actor> = {
  check: (s, _ctx, { actor }) =>
    firstRefusal(
      () => refuseUnlessHandler(s, actor),
      () => refuseUnlessStage(s, 'askReasons', 'handling'),
      () => (s.art35 ? refusal('Refused', 'askReasons：已经要求申请人说明理由（条例第三十五条）') : undefined),
    ),
  apply: (s, ctx, { actor }) => ({
    state: withClock(withStep({ ...s, art35: { asked: ctx.today, resolution: 'pending' }, stage: 'awaitingReasons' }, ctx, actor, 'askReasons'), ctx),
    effects: [
      record('art35ReasonsAsked', actor, ctx.today),
      { kind: 'notice', notice: 'art35', key: 'art35', vars: {}, email: { template: 'application-art35', vars: {} } },
    ],
  }),
};

/** 条例 第三十五条: the reasons are reasonable; the agency sets the reply deadline and tells the applicant. */
export const setAgencyDeadline: Command<Actor & { due: string; reason: string }> = {
  check: (s, ctx, { actor, due, reason }) =>
    firstRefusal(
      () => refuseUnlessHandler(s, actor),
      () => refuseUnlessStage(s, 'setAgencyDeadline', 'awaitingReasons'),
      () => refuseBlank('reason', reason, '写明为何认为申请人的理由合理（条例第三十五条）'),
      () => refuseUnlessDate('due', due),
      () => refuseNextEvent(s, ctx, { type: 'agencySetDeadline', date: ctx.today, due }),
    ),
  apply(s, ctx, { actor, due, reason }) {
    const base = { ...s, events: [...s.events, { type: 'agencySetDeadline' as const, date: ctx.today, due }], art35: { ...s.art35!, resolution: 'deadlineSet' as const }, stage: 'handling' as const };
    return {
      state: withClock(withStep(base, ctx, actor, 'setAgencyDeadline', `${due}: ${reason}`), ctx),
      effects: [record('agencySetDeadline', actor, ctx.today, { due, reason })],
    };
  },
};
