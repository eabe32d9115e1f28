import { refusal } from '../failures';
import { outcomeName } from '../outcomes';
import { validateDecision, type DecisionInput } from './decision';
import { firstRefusal, pastDateOf, refusePastDate, refuseUnlessHandler, refuseUnlessOffice, refuseUnlessStage } from './rules';
import { assignedVars, decisionContext, openConsultation, type DeliveryMethod } from './state';
import { close } from './system';
import { record, withClock, withStep, type Command } from './transition';

/**
 * The case's own commands: assignment and claim, the decision and the delivery of the reply; and the transitions
 * the workflow itself makes are in `system.ts`, the statutory clock's commands in `clockCommands.ts`.
 */

type Actor = { actor: string };

export const assign: Command<Actor & { handler: string }> = {
  check: (s, ctx, { actor, handler }) =>
    firstRefusal(
      () => refuseUnlessOffice(ctx, actor),
      () => (ctx.roster.handlers.includes(handler) ? undefined : refusal('Invalid', `handler：${handler} 不是在职的承办人（handler 角色）`)),
      () => (s.stage === 'closed' ? refusal('Refused', 'assign：申请已办结') : undefined),
      () => (s.handler === handler ? refusal('Invalid', `handler：${s.id} 的承办人已是 ${handler}`) : undefined),
    ),
  apply(s, ctx, { actor, handler }) {
    const before = s.handler;
    const next = withClock(withStep({ ...s, handler, stage: s.stage === 'unassigned' ? 'handling' : s.stage }, ctx, actor, 'assign', `${before ?? '—'} → ${handler}`), ctx);
    return {
      state: next,
      effects: [
        record('assigned', actor, ctx.today, { from: before, to: handler }),
        { kind: 'notifyStaff', userIds: [handler], template: 'application-assigned', vars: assignedVars(next, actor) },
      ],
    };
  },
};

export const claim: Command<Actor> = {
  check: (s, ctx, { actor }) =>
    firstRefusal(
      () => refuseUnlessStage(s, 'claim', 'unassigned'),
      () =>
        ctx.roster.handlers.includes(actor) && ctx.roster.office.includes(actor)
          ? undefined
          : refusal('Forbidden', `actor：${actor} 不能认领，只有政务公开办公室的承办人可以认领申请`),
    ),
  apply: (s, ctx, { actor }) => ({
    state: withClock(withStep({ ...s, handler: actor, stage: 'handling' }, ctx, actor, 'claim'), ctx),
    effects: [record('claimed', actor, ctx.today)],
  }),
};

export const decide: Command<Actor & { decision: DecisionInput }> = {
  check: (s, _ctx, { actor, decision }) =>
    firstRefusal(
      () => refuseUnlessHandler(s, actor),
      () => refuseUnlessStage(s, 'decide', 'handling', 'awaitingReasons'),
      // 条例 第三十二条、第三十四条: the consulted party's answer, or its 15 working days, come before the decision.
      () => (openConsultation(s) ? refusal('Refused', 'decide：征求意见尚未结束，请登记对方意见或等待其15个工作日届满（条例第三十二条、第三十四条）') : undefined),
      // 条例 第三十五条: once reasons were asked, only 不予处理 or a deadline set by the agency moves the case on.
      () =>
        s.stage === 'awaitingReasons' && (decision as { outcome?: string } | undefined)?.outcome !== 'notProcessed.excessive'
          ? refusal('Refused', 'decide：已要求申请人说明理由（条例第三十五条），请作出“不予处理（notProcessed.excessive）”决定，或先确定答复期限')
          : undefined,
      // The decision's own rules (each outcome's required fields, 条例 第三十六条、第三十七条) and the case's
      // (第三十条, 第三十五条; automatic outcomes): all are rules, named with their article.
      () => {
        const r = validateDecision(decision, decisionContext(s));
        return r.ok ? undefined : refusal('Rule', r.error);
      },
    ),
  apply(s, ctx, { actor, decision }) {
    const r = validateDecision(decision, decisionContext(s));
    if (!r.ok) throw new Error(`decide applied without its check: ${r.error}`);
    const art35 = s.art35 && r.decision.outcome === 'notProcessed.excessive' ? { ...s.art35, resolution: 'excessive' as const } : s.art35;
    return {
      state: withClock(withStep({ ...s, decision: r.decision, art35, stage: 'letterReview' }, ctx, actor, 'decide', r.decision.outcome), ctx),
      effects: [record('decided', actor, ctx.today, { outcome: r.decision.outcome })],
    };
  },
};

/** 国办公开办函〔2016〕235号: how the reply reached the applicant, in the words of the reply email. */
export const DELIVERY_METHOD_TEXT: Record<DeliveryMethod, string> = {
  signed: '直接送达（签收）',
  posted: '邮寄（交邮）',
  email: '电子邮件',
  onSite: '当场答复',
};

export const recordDelivery: Command<Actor & { method: DeliveryMethod; date?: string }> = {
  check: (s, ctx, { actor, method, date }) =>
    firstRefusal(
      () => (s.handler === actor || ctx.roster.office.includes(actor) ? undefined : refusal('Forbidden', `actor：${actor} 既不是承办人，也不是政务公开办公室成员`)),
      () => refuseUnlessStage(s, 'recordDelivery', 'awaitingDelivery'),
      () =>
        Object.hasOwn(DELIVERY_METHOD_TEXT, method)
          ? undefined
          : refusal('Invalid', `method：应为 ${Object.keys(DELIVERY_METHOD_TEXT).join('、')} 之一（国办公开办函〔2016〕235号）`),
      () => refusePastDate(s, ctx, 'date', date),
    ),
  apply(s, ctx, { actor, method, date }) {
    const on = pastDateOf(ctx, date);
    const replied = { ...s, events: [...s.events, { type: 'replied' as const, date: on }], delivery: { method, date: on } };
    const closed = close(replied, ctx, actor, s.decision!.outcome, on, 'delivered');
    if (!ctx.hasEmail) return closed;
    const vars = { outcomeLabel: outcomeName(s.decision!.outcome), date: on, method: DELIVERY_METHOD_TEXT[method] };
    return { ...closed, effects: [...closed.effects, { kind: 'notifyApplicant', template: 'application-reply', vars }] };
  },
};
