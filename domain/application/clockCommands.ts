import type { CivilDate } from '../calendar/civil-date';
import { CONSULTATION_WORKDAYS, consultationDue, partySchema, type Channel, type ClockEvent, type ConsultationParty, type NoticeDeliveryMethod } from '../clock';
import { refusal, type Refusal } from '../failures';
import { documentKindName } from './documents';
import { firstRefusal, MAX_CORRECTION_WORKDAYS, pastDateOf, refuseBlank, refuseByClock, refuseNextEvent, refusePastDate, refuseUnlessDate, refuseUnlessHandler, refuseUnlessStage } from './rules';
import { assignedVars, noticeDocumentKey, openConsultation, openNoticeEvent, type ApplicationState, type DeliveredNotice, type ReceiptNotice } from './state';
import { noticeNotIssued } from './noticeReview';
import { endConsultation, RECEIPT_NOTICE_TEXT } from './system';
import { record, withClock, withStep, type CaseContext, type Command, type Effect } from './transition';

/**
 * The commands that move the statutory clock by events: registration (条例 第三十一条), 补正 (第三十条), the receipt
 * of a notice (clock-events rule 9) and consultation (第三十二条, 第三十四条). Extension, fees and 第三十五条 are in
 * `periodCommands.ts`.
 */

type Actor = { actor: string };

const DELIVERED_BY_TEXT: Record<NoticeDeliveryMethod, string> = { direct: '直接送达，签收', post: '邮寄送达，签收', electronic: '电子送达' };
const isDeliveredNotice = (n: string): n is DeliveredNotice => n === 'receipt' || n === 'extension' || n === 'art35';
const numbered = (items: string[], trim: boolean) => items.map((t, i) => `${i + 1}. ${trim ? t.trim() : t}`).join('\n');
const PARTY_RULE = 'party：应为 third-party（第三方，条例第三十二条）或 other-agency（其他机关，条例第三十四条）';
const isParty = (p: unknown): p is ConsultationParty => partySchema.safeParse(p).success;

/** 条例 第三十一条: the application as the register received it; the receipt and the office's email go out. */
export function receive(s: ApplicationState, ctx: CaseContext, r: { actor: string; received: CivilDate; channel: Channel; possibleDuplicates: string[] }) {
  const events: ClockEvent[] = [...s.events, { type: 'received', date: r.received, channel: r.channel }];
  const next = withClock(withStep({ ...s, possibleDuplicates: r.possibleDuplicates, events }, ctx, r.actor, 'registered', r.received), ctx);
  const due = next.clock!.due ?? '';
  const effects: Effect[] = [
    record('received', r.actor, r.received, { channel: r.channel }),
    { kind: 'notice', notice: 'receipt', key: 'receipt', vars: { due }, email: { template: 'application-receipt', vars: { due } } },
    { kind: 'notifyStaff', userIds: ctx.roster.office, template: 'application-assigned', vars: assignedVars(next, r.actor) },
  ];
  return { state: next, effects };
}

export const requestCorrection: Command<Actor & { items: string[]; periodWorkdays: number }> = {
  check: (s, ctx, { actor, items, periodWorkdays }) =>
    firstRefusal(
      () => refuseUnlessHandler(s, actor),
      () => refuseUnlessStage(s, 'requestCorrection', 'handling'),
      // 条例 第三十条: 一次性告知 — one notice listing everything.
      () => (s.correction ? refusal('Rule', '补正只能要求一次，一次性告知需要补正的全部事项（条例第三十条）') : undefined),
      () =>
        !Array.isArray(items) || items.length === 0 || items.some((t) => typeof t !== 'string' || t.trim() === '')
          ? refusal('Invalid', 'items：列明需要补正的事项（条例第三十条 一次性告知）')
          : undefined,
      // 条例 第三十条 leaves the period to the agency: 1 to MAX_CORRECTION_WORKDAYS working days here.
      () =>
        !Number.isInteger(periodWorkdays) || periodWorkdays < 1 || periodWorkdays > MAX_CORRECTION_WORKDAYS
          ? refusal('Invalid', `periodWorkdays：补正期限为 1 至 ${MAX_CORRECTION_WORKDAYS} 个工作日的整数`)
          : undefined,
      () => refuseNextEvent(s, ctx, { type: 'correctionRequested', date: ctx.today, periodWorkdays }),
    ),
  apply(s, ctx, { actor, items, periodWorkdays }) {
    const events: ClockEvent[] = [...s.events, { type: 'correctionRequested', date: ctx.today, periodWorkdays }];
    const base = { ...s, events, correction: { items, periodWorkdays, received: false }, stage: 'awaitingCorrection' as const };
    const next = withClock(withStep(base, ctx, actor, 'requestCorrection', items.join('；')), ctx);
    return {
      state: next,
      effects: [
        record('correctionRequested', actor, ctx.today, { items, periodWorkdays }),
        // 条例 第三十条: the items, the period (from the applicant's receipt) and the consequence.
        {
          kind: 'notice', notice: 'correction', key: 'correction', vars: { items: numbered(items, true), periodWorkdays },
          email: { template: 'application-correction', vars: { periodEnd: next.clock!.deadlines.correctionPeriodEnd ?? '', items: numbered(items, false) } },
        },
      ],
    };
  },
};

export const correctionReceived: Command<Actor & { date?: string }> = {
  check: (s, ctx, { actor, date }) =>
    firstRefusal(
      () => refuseUnlessHandler(s, actor),
      () => refuseUnlessStage(s, 'correctionReceived', 'awaitingCorrection'),
      () => refusePastDate(s, ctx, 'date', date),
      () => refuseNextEvent(s, ctx, { type: 'correctionReceived', date: pastDateOf(ctx, date) }),
    ),
  apply(s, ctx, { actor, date }) {
    const on = pastDateOf(ctx, date);
    const base = { ...s, events: [...s.events, { type: 'correctionReceived' as const, date: on }], correction: { ...s.correction!, received: true }, stage: 'handling' as const };
    return { state: withClock(withStep(base, ctx, actor, 'correctionReceived', on), ctx), effects: [record('correctionReceived', actor, on)] };
  },
};

type ReceiptArgs = Actor & { notice: ReceiptNotice | DeliveredNotice; party?: ConsultationParty; deliveredOn: string; deliveredBy: NoticeDeliveryMethod };

/** clock-events rule 9: the day the addressee received a notice; the periods that run from it move with it. */
export const recordNoticeReceipt: Command<ReceiptArgs> = {
  check(s, ctx, { actor, notice, party, deliveredOn, deliveredBy }): Refusal | undefined {
    const r = firstRefusal(
      () => refuseUnlessHandler(s, actor),
      () =>
        notice === 'correction' || notice === 'fee' || notice === 'consultation' || isDeliveredNotice(notice)
          ? undefined
          : refusal('Invalid', 'notice：应为 correction（补正告知书）、fee（收费通知书）、consultation（征求意见函）、receipt（登记回执）、extension（延期答复告知书）或 art35（说明理由告知书）'),
      () => (party === undefined || isParty(party) ? undefined : refusal('Invalid', PARTY_RULE)),
      () =>
        notice === 'consultation' && party === undefined && s.consultations.filter((k) => k.ended === null).length > 1
          ? refusal('Invalid', 'party：有两项征求意见尚未结束，请指明收到的是哪一份征求意见函')
          : undefined,
      () => (Object.hasOwn(DELIVERED_BY_TEXT, deliveredBy) ? undefined : refusal('Invalid', 'deliveredBy：应为 direct（直接送达，签收）、post（邮寄送达，签收）或 electronic（电子送达）')),
      () => refuseUnlessDate('deliveredOn', deliveredOn),
      () => (deliveredOn > ctx.today ? refusal('Invalid', `deliveredOn：${deliveredOn} 在今天（${ctx.today}）之后`) : undefined),
    );
    if (r) return r;
    if (isDeliveredNotice(notice)) {
      const doc = s.notices.find((x) => x.key === notice);
      if (!doc) return refusal('Refused', `recordNoticeReceipt：本案没有作为文书发出的${documentKindName(`notice-${notice}`)}（${notice}）`);
      if (doc.delivered) return refusal('Refused', `recordNoticeReceipt：该${documentKindName(`notice-${notice}`)}的送达已经登记（${doc.delivered.on}）`);
      const held = noticeNotIssued(s, notice);
      if (held) return refusal('Refused', held);
      return refuseBeforeIssue(deliveredOn, doc.date);
    }
    const i = openNoticeEvent(s, notice, party);
    if (i < 0) return refusal('Refused', `recordNoticeReceipt：没有待登记送达的${RECEIPT_NOTICE_TEXT[notice]}（${notice}${party ? `，${party}` : ''}；申请现为 ${s.stage}）`);
    const event = s.events[i] as ClockEvent & { deliveredOn?: string; issuedOn?: string };
    if (event.deliveredOn !== undefined) return refusal('Refused', `recordNoticeReceipt：该${RECEIPT_NOTICE_TEXT[notice]}的送达已经登记（${event.deliveredOn}）`);
    // A reviewed notice goes out when it is signed (`issuedOn`), not on the day of the step (issue 15 §3).
    const early = refuseBeforeIssue(deliveredOn, event.issuedOn ?? event.date);
    if (early) return early;
    // A notice still in review has not gone out; executions before 'notice-issued-on' have no `issuedOn`, and the
    // reviewed document's date says when it went out.
    const doc = s.notices.find((x) => x.key === noticeDocumentKey(s, notice, party));
    const held = doc && noticeNotIssued(s, doc.key);
    if (held) return refusal('Refused', held);
    return (doc?.review && refuseBeforeIssue(deliveredOn, doc.date)) || refuseByClock(s, ctx, s.events.map((e, j) => (j === i ? ({ ...e, deliveredOn, deliveredBy } as ClockEvent) : e)));
  },
  apply(s, ctx, { actor, notice, party, deliveredOn, deliveredBy }) {
    const delivered = { on: deliveredOn, by: deliveredBy };
    if (isDeliveredNotice(notice)) {
      const notices = s.notices.map((x) => (x.key === notice ? { ...x, delivered } : x));
      const step = `${documentKindName(`notice-${notice}`)}于 ${deliveredOn} 送达（${DELIVERED_BY_TEXT[deliveredBy]}）`;
      return {
        state: withClock(withStep({ ...s, notices }, ctx, actor, 'noticeDelivered', step), ctx),
        effects: [record('noticeDelivered', actor, deliveredOn, { notice, deliveredOn, deliveredBy })],
      };
    }
    const i = openNoticeEvent(s, notice, party);
    // The document of this notice, if one was rendered, records its delivery too.
    const open = notice === 'consultation' ? openConsultation(s, party) : undefined;
    const key = noticeDocumentKey(s, notice, party);
    const notices = s.notices.map((x) => (x.key === key ? { ...x, delivered } : x));
    const event = { ...s.events[i], deliveredOn, deliveredBy } as ClockEvent;
    const events = s.events.map((e, j) => (j === i ? event : e));
    let next = withClock({ ...s, notices, events }, ctx);
    // The periods the state shows move with the receipt (clock-events rule 9).
    if (notice === 'fee') next = { ...next, fee: { ...next.fee!, payBy: next.clock!.deadlines.feePaymentEnd! } };
    if (open) next = { ...next, consultations: next.consultations.map((k) => (k === open ? { ...k, due: consultationDue(ctx.calendar, deliveredOn).date } : k)) };
    const who = open ? `（${open.addressee}）` : '';
    next = withStep(next, ctx, actor, 'noticeDelivered', `${RECEIPT_NOTICE_TEXT[notice]}${who}于 ${deliveredOn} 送达（${DELIVERED_BY_TEXT[deliveredBy]}）`);
    const detail = { notice, ...(event.type === 'consultationStarted' ? { party: event.party } : {}), deliveredOn, deliveredBy };
    return { state: next, effects: [record('noticeDelivered', actor, deliveredOn, detail)] };
  },
};

/** A notice is received on or after the day it went out. */
function refuseBeforeIssue(deliveredOn: string, issued: string): Refusal | undefined {
  return deliveredOn < issued ? refusal('Invalid', `deliveredOn：文书送达之日不能早于发出之日：${deliveredOn} 早于 ${issued}`) : undefined;
}

/** 条例 第三十二条 (a third party) / 第三十四条 (another agency): a written letter; 15 working days to answer. */
export const consult: Command<Actor & { party: ConsultationParty; addressee: string }> = {
  check: (s, _ctx, { actor, party, addressee }) =>
    firstRefusal(
      () => refuseUnlessHandler(s, actor),
      () => refuseUnlessStage(s, 'consult', 'handling'),
      () => (isParty(party) ? undefined : refusal('Invalid', PARTY_RULE)),
      () => refuseBlank('addressee', addressee, '写明征求谁的意见'),
      () => (openConsultation(s, party) ? refusal('Refused', `consult：已有一项向${party === 'third-party' ? '第三方' : '其他机关'}的征求意见尚未结束`) : undefined),
    ),
  apply(s, ctx, { actor, party, addressee }) {
    const date = ctx.today;
    const due = ctx.calendar.addWorkdays(date, CONSULTATION_WORKDAYS).date;
    const consultations = [...s.consultations, { party, addressee, started: date, due, ended: null, reply: null }];
    const base = { ...s, events: [...s.events, { type: 'consultationStarted' as const, date, party }], consultations };
    const n = consultations.length;
    return {
      state: withClock(withStep(base, ctx, actor, 'consult', `${party}: ${addressee}`), ctx),
      effects: [
        record('consultationStarted', actor, date, { party, addressee, due }),
        // The written letter, numbered by its place among the case's consultations.
        { kind: 'notice', notice: `consultation-${party}`, key: `consultation-${n}`, vars: { addressee, n } },
      ],
    };
  },
};

export const consultationReply: Command<Actor & { party: ConsultationParty; reply: string; date?: string }> = {
  check: (s, ctx, { actor, party, reply, date }) =>
    firstRefusal(
      () => refuseUnlessHandler(s, actor),
      () => (openConsultation(s, party) ? undefined : refusal('Refused', `consultationReply：没有尚未结束的向 ${party} 的征求意见`)),
      () => refuseBlank('reply', reply, '写明对方的意见'),
      () => refusePastDate(s, ctx, 'date', date),
    ),
  apply: (s, ctx, { actor, party, reply, date }) => endConsultation(s, ctx, actor, party, pastDateOf(ctx, date), reply),
};
