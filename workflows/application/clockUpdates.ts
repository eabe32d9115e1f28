import { patched, setHandler } from '@temporalio/workflow';
import { applicationFee, extensionApproverRefusal, feeComputation } from '../../domain/application';
import type { ClockEvent } from '../../domain/clock';
import { CONSULTATION_WORKDAYS, consultationDue } from '../../domain/clock/deadlines';
import { ApplicationCase, NOTICE_TITLE, notifyApplicant, notifyStaff, RECEIPT_NOTICE_TEXT, refuse } from './case';
import * as d from './definitions';

const isDeliveredNotice = (n: string): n is d.DeliveredNotice => n === 'receipt' || n === 'extension' || n === 'art35';

const DELIVERED_BY_TEXT = { direct: '直接送达，签收', post: '邮寄送达，签收', electronic: '电子送达' } as const;

/** 条例 第三十条 leaves the 补正 period to the agency; at least 1 and, here, at most 30 working days. */
const MAX_CORRECTION_WORKDAYS = 30;

/**
 * The updates that move the statutory clock: 补正 (条例 第三十条), consultation (第三十二条, 第三十四条),
 * extension (第三十三条), fees (国办函〔2020〕109号) and 大量反复申请 (第三十五条).
 */
export function registerClockUpdates(c: ApplicationCase): void {
  setHandler(
    d.requestCorrectionUpdate,
    async ({ actor, items, periodWorkdays }) => {
      const date = c.today();
      c.state.events.push({ type: 'correctionRequested', date, periodWorkdays });
      c.state.correction = { items, periodWorkdays, received: false };
      c.state.stage = 'awaitingCorrection';
      c.step(actor, 'requestCorrection', items.join('；'));
      await c.record('correctionRequested', actor, date, { items, periodWorkdays });
      // 条例 第三十条: the items, the period (from the applicant's receipt) and the consequence.
      await c.notice('correction', 'correction', { items: items.map((t, i) => `${i + 1}. ${t.trim()}`).join('\n'), periodWorkdays });
      await notifyApplicant({
        id: c.id,
        template: 'application-correction',
        vars: { periodEnd: c.state.clock!.deadlines.correctionPeriodEnd ?? '', items: items.map((t, i) => `${i + 1}. ${t}`).join('\n') },
      });
      return c.state;
    },
    {
      validator: ({ actor, items, periodWorkdays }) => {
        c.mustBeHandler(actor);
        c.mustBeStage('requestCorrection', 'handling');
        // 条例 第三十条: 一次性告知 — one notice listing everything.
        if (c.state.correction) refuse('ClockRule', '条例第三十条: 补正 is asked once, in one notice listing everything');
        if (!Array.isArray(items) || items.length === 0 || items.some((t) => typeof t !== 'string' || t.trim() === '')) {
          refuse('InvalidInput', 'items: list what must be corrected (条例第三十条 一次性告知)');
        }
        if (!Number.isInteger(periodWorkdays) || periodWorkdays < 1 || periodWorkdays > MAX_CORRECTION_WORKDAYS) {
          refuse('InvalidInput', `periodWorkdays: a whole number of working days, 1-${MAX_CORRECTION_WORKDAYS}`);
        }
        c.clockAccepts({ type: 'correctionRequested', date: c.today(), periodWorkdays });
      },
    },
  );

  setHandler(
    d.correctionReceivedUpdate,
    async ({ actor, date }) => {
      const on = c.pastDate('date', date);
      c.state.events.push({ type: 'correctionReceived', date: on });
      c.state.correction!.received = true;
      c.state.stage = 'handling';
      c.step(actor, 'correctionReceived', on);
      await c.record('correctionReceived', actor, on);
      return c.state;
    },
    {
      validator: ({ actor, date }) => {
        c.mustBeHandler(actor);
        c.mustBeStage('correctionReceived', 'awaitingCorrection');
        c.clockAccepts({ type: 'correctionReceived', date: c.pastDate('date', date) });
      },
    },
  );

  setHandler(
    d.recordNoticeReceiptUpdate,
    async ({ actor, notice, party, deliveredOn, deliveredBy }) => {
      if (isDeliveredNotice(notice)) {
        const doc = c.state.notices.find((x) => x.key === notice)!;
        doc.delivered = { on: deliveredOn, by: deliveredBy };
        c.step(actor, 'noticeDelivered', `${NOTICE_TITLE(notice)}于 ${deliveredOn} 送达（${DELIVERED_BY_TEXT[deliveredBy]}）`);
        await c.record('noticeDelivered', actor, deliveredOn, { notice, deliveredOn, deliveredBy });
        return c.state;
      }
      const i = c.openNoticeEvent(notice, party);
      // The document of this notice, if one was rendered, records its delivery too.
      const open = notice === 'consultation' ? c.openConsultation(party) : undefined;
      const key = open ? `consultation-${c.state.consultations.indexOf(open) + 1}` : notice;
      const doc = c.state.notices.find((x) => x.key === key);
      if (doc) doc.delivered = { on: deliveredOn, by: deliveredBy };
      const event = { ...c.state.events[i], deliveredOn, deliveredBy } as ClockEvent;
      c.state.events[i] = event;
      c.recompute();
      // The periods the state shows move with the receipt (clock-events rule 9).
      if (notice === 'fee') c.state.fee!.payBy = c.state.clock!.deadlines.feePaymentEnd!;
      if (open) open.due = consultationDue(c.cal(), deliveredOn).date;
      const who = open ? `（${open.addressee}）` : '';
      c.step(actor, 'noticeDelivered', `${RECEIPT_NOTICE_TEXT[notice]}${who}于 ${deliveredOn} 送达（${DELIVERED_BY_TEXT[deliveredBy]}）`);
      await c.record('noticeDelivered', actor, deliveredOn, { notice, ...(event.type === 'consultationStarted' ? { party: event.party } : {}), deliveredOn, deliveredBy });
      return c.state;
    },
    {
      validator: ({ actor, notice, party, deliveredOn, deliveredBy }) => {
        c.mustBeHandler(actor);
        if (notice !== 'correction' && notice !== 'fee' && notice !== 'consultation' && !isDeliveredNotice(notice)) {
          refuse('InvalidInput', 'notice: correction (补正告知书), fee (收费通知书), consultation (征求意见函), receipt (登记回执), extension (延期答复告知书) or art35 (说明理由告知书)');
        }
        if (party !== undefined && party !== 'third-party' && party !== 'other-agency') refuse('InvalidInput', 'party: third-party (条例第三十二条) or other-agency (条例第三十四条)');
        if (notice === 'consultation' && party === undefined && c.state.consultations.filter((k) => k.ended === null).length > 1) {
          refuse('InvalidInput', 'party: two consultations are open; name the one whose letter was received');
        }
        if (!Object.hasOwn(DELIVERED_BY_TEXT, deliveredBy)) refuse('InvalidInput', 'deliveredBy: direct (直接送达，签收), post (邮寄送达，签收) or electronic (电子送达)');
        if (typeof deliveredOn !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(deliveredOn)) refuse('InvalidInput', 'deliveredOn: not a YYYY-MM-DD date');
        if (deliveredOn > c.today()) refuse('InvalidInput', `deliveredOn: ${deliveredOn} is in the future`);
        if (isDeliveredNotice(notice)) {
          const doc = c.state.notices.find((x) => x.key === notice);
          if (!doc) refuse('WrongStage', `recordNoticeReceipt: no ${notice} notice was issued as a document`);
          if (doc!.delivered) refuse('WrongStage', `recordNoticeReceipt: the delivery of this ${notice} notice is already recorded (${doc!.delivered.on})`);
          if (deliveredOn < doc!.date) refuse('InvalidInput', `deliveredOn: a notice is received on or after the day it was issued: ${deliveredOn} is before ${doc!.date}`);
          return;
        }
        const i = c.openNoticeEvent(notice, party);
        if (i < 0) refuse('WrongStage', `recordNoticeReceipt: no open ${notice}${party ? ` (${party})` : ''} notice (the case is ${c.state.stage})`);
        const event = c.state.events[i] as ClockEvent & { deliveredOn?: string };
        if (event.deliveredOn !== undefined) refuse('WrongStage', `recordNoticeReceipt: the receipt of this ${notice} notice is already recorded (${event.deliveredOn})`);
        if (deliveredOn < event.date) refuse('InvalidInput', `deliveredOn: a notice is received on or after the day it was sent: ${deliveredOn} is before ${event.date}`);
        c.clockAcceptsEvents(c.state.events.map((e, j) => (j === i ? ({ ...e, deliveredOn, deliveredBy } as ClockEvent) : e)));
      },
    },
  );

  setHandler(
    d.consultUpdate,
    async ({ actor, party, addressee }) => {
      const date = c.today();
      c.state.events.push({ type: 'consultationStarted', date, party });
      const due = c.cal().addWorkdays(date, CONSULTATION_WORKDAYS).date;
      c.state.consultations.push({ party, addressee, started: date, due, ended: null, reply: null });
      c.step(actor, 'consult', `${party}: ${addressee}`);
      await c.record('consultationStarted', actor, date, { party, addressee, due });
      // 条例 第三十二条 / 第三十四条: the written letter, numbered by its place among the case's consultations.
      const n = c.state.consultations.length;
      await c.notice(`consultation-${party}`, `consultation-${n}`, { addressee, n });
      return c.state;
    },
    {
      validator: ({ actor, party, addressee }) => {
        c.mustBeHandler(actor);
        c.mustBeStage('consult', 'handling');
        if (party !== 'third-party' && party !== 'other-agency') refuse('InvalidInput', 'party: third-party (条例第三十二条) or other-agency (条例第三十四条)');
        if (typeof addressee !== 'string' || addressee.trim() === '') refuse('InvalidInput', 'addressee: who is consulted');
        if (c.openConsultation(party)) refuse('WrongStage', `consult: a ${party} consultation is already open`);
      },
    },
  );

  setHandler(
    d.consultationReplyUpdate,
    async ({ actor, party, reply, date }) => {
      const on = c.pastDate('date', date);
      await c.endConsultation(actor, party, on, reply);
      return c.state;
    },
    {
      validator: ({ actor, party, reply, date }) => {
        c.mustBeHandler(actor);
        if (!c.openConsultation(party)) refuse('WrongStage', `consultationReply: no ${party} consultation is open`);
        if (typeof reply !== 'string' || reply.trim() === '') refuse('InvalidInput', 'reply: what the consulted party answered');
        c.pastDate('date', date);
      },
    },
  );

  setHandler(
    d.requestExtensionUpdate,
    async ({ actor, reason, workdays }) => {
      c.state.extension = { requestedBy: actor, reason, workdays: workdays ?? 20, requestedOn: c.today(), decision: 'pending' };
      c.step(actor, 'requestExtension', reason);
      await c.record('extensionRequested', actor, c.today(), { reason, workdays: workdays ?? 20 });
      await notifyStaff({ userIds: c.roster.officeHeads, template: 'application-reminder', vars: { id: c.id, due: c.state.clock?.due ?? '', when: '申请延期答复，待审批' } });
      return c.state;
    },
    {
      validator: ({ actor, reason, workdays }) => {
        c.mustBeHandler(actor);
        c.mustBeStage('requestExtension', 'handling');
        if (typeof reason !== 'string' || reason.trim().length < 2) refuse('InvalidInput', 'reason: an extension needs its reason (条例第三十三条第二款)');
        const n = workdays ?? 20;
        if (!Number.isInteger(n) || n < 1 || n > 20) refuse('InvalidInput', 'workdays: 1-20 (条例第三十三条第二款: 延长的期限最长不得超过20个工作日)');
        if (c.state.extension?.decision === 'pending') refuse('WrongStage', 'requestExtension: a request is already waiting for approval');
        if (c.state.extension?.decision === 'approved') refuse('ClockRule', '条例第三十三条第二款: the reply period is extended once only');
        c.clockAccepts({ type: 'extensionApproved', date: c.today(), workdays: n });
      },
    },
  );

  setHandler(
    d.decideExtensionUpdate,
    async ({ actor, approve, note }) => {
      const ext = c.state.extension!;
      // Four eyes (finding 3). The validator below refuses first, and a refused update never enters history; this
      // check stands behind the patch so that a history recorded before it (a self-approval accepted) replays.
      if (patched('extension-four-eyes')) {
        const refusal = extensionApproverRefusal(ext.requestedBy, actor);
        if (refusal) refuse('Forbidden', refusal);
      }
      ext.decision = approve ? 'approved' : 'refused';
      ext.decidedBy = actor;
      const date = c.today();
      if (approve) c.state.events.push({ type: 'extensionApproved', date, workdays: ext.workdays });
      c.step(actor, approve ? 'approveExtension' : 'refuseExtension', note);
      await c.record(approve ? 'extensionApproved' : 'extensionRefused', actor, date, { note, workdays: ext.workdays });
      // 条例 第三十三条第二款: 告知申请人 — the 延期答复告知书 goes out the day it is approved, before the old due date.
      if (approve) await c.notice('extension', 'extension', { reason: ext.reason.trim().replace(/[。；，,.;\s]+$/, ''), workdays: ext.workdays, due: c.state.clock!.due ?? '' });
      if (approve) await notifyApplicant({ id: c.id, template: 'application-extension', vars: { reason: ext.reason, workdays: ext.workdays, due: c.state.clock!.due ?? '' } });
      return c.state;
    },
    {
      validator: ({ actor, approve }) => {
        c.cal();
        if (!c.roster.officeHeads.includes(actor)) {
          refuse('Forbidden', `${actor} cannot approve: 条例第三十三条第二款 requires the head of the disclosure office (政府信息公开工作机构负责人)`);
        }
        if (c.state.extension?.decision !== 'pending') refuse('WrongStage', 'decideExtension: no extension request is pending');
        const refusal = extensionApproverRefusal(c.state.extension!.requestedBy, actor);
        if (refusal) refuse('Forbidden', refusal);
        if (typeof approve !== 'boolean') refuse('InvalidInput', 'approve: true or false');
        if (approve) c.clockAccepts({ type: 'extensionApproved', date: c.today(), workdays: c.state.extension!.workdays });
      },
    },
  );

  setHandler(
    d.issueFeeNoticeUpdate,
    async (args) => {
      const date = c.today();
      const amount = applicationFee(args.method === 'perPage' ? { method: 'perPage', pages: args.pages } : { method: 'perApplication', monthlyCount: args.monthlyCount });
      const basis = args.method === 'perPage' ? `按量计收，${args.pages} 页` : `按件计收，本月第 ${args.monthlyCount} 件`;
      c.state.events.push({ type: 'feeNoticeIssued', date });
      c.recompute();
      c.state.fee = { amount, basis, issued: date, payBy: c.state.clock!.deadlines.feePaymentEnd!, paid: null };
      c.state.stage = 'awaitingFee';
      c.step(args.actor, 'issueFeeNotice', `${amount} 元（${basis}）`);
      await c.record('feeNoticeIssued', args.actor, date, { amount, basis });
      // 109号 第六条: the basis, the rate, the amount and how to pay; 20 working days from the day after receipt.
      const computation = feeComputation(args.method === 'perPage' ? { method: 'perPage', pages: args.pages } : { method: 'perApplication', monthlyCount: args.monthlyCount });
      await c.notice('fee', 'fee', { amount, computation, pause: c.policy.feePausesClock ? '按本机关规定，缴费期间不计入答复期限。' : '' });
      await notifyApplicant({ id: c.id, template: 'application-fee', vars: { amount, basis, payBy: c.state.fee.payBy } });
      return c.state;
    },
    {
      validator: (args) => {
        c.mustBeHandler(args.actor);
        c.mustBeStage('issueFeeNotice', 'handling');
        if (c.state.fee) refuse('WrongStage', 'issueFeeNotice: a fee notice was already issued');
        try {
          const amount = applicationFee(args.method === 'perPage' ? { method: 'perPage', pages: args.pages } : { method: 'perApplication', monthlyCount: args.monthlyCount });
          if (amount === 0) refuse('InvalidInput', '国办函〔2020〕109号: within the free tier, no fee notice is issued');
        } catch (e) {
          if (e instanceof RangeError) refuse('InvalidInput', `fee: ${e.message}`);
          throw e;
        }
        // 109号 第六条: the notice is issued within the processing period.
        if (c.state.clock?.due && c.today() > c.state.clock.due) refuse('ClockRule', `国办函〔2020〕109号第六条: a fee notice must be issued within the reply period (due ${c.state.clock.due})`);
      },
    },
  );

  setHandler(
    d.feePaidUpdate,
    async ({ actor, date }) => {
      const on = c.pastDate('date', date);
      c.state.events.push({ type: 'feePaid', date: on });
      c.state.fee!.paid = on;
      c.state.stage = 'handling';
      c.step(actor, 'feePaid', on);
      await c.record('feePaid', actor, on);
      return c.state;
    },
    {
      validator: ({ actor, date }) => {
        c.mustBeHandler(actor);
        c.mustBeStage('feePaid', 'awaitingFee');
        c.clockAccepts({ type: 'feePaid', date: c.pastDate('date', date) });
      },
    },
  );

  setHandler(
    d.waiveFeeUpdate,
    async ({ actor, reason }) => {
      const on = c.today();
      c.state.events.push({ type: 'feeWaived', date: on });
      c.state.fee!.waived = { on, by: actor, reason: reason.trim() };
      c.state.stage = 'handling';
      c.step(actor, 'waiveFee', `${c.state.fee!.amount} 元：${reason.trim()}`);
      await c.record('feeWaived', actor, on, { amount: c.state.fee!.amount, reason: reason.trim() });
      await notifyApplicant({ id: c.id, template: 'application-fee-waived', vars: { amount: c.state.fee!.amount, reason: reason.trim() } });
      return c.state;
    },
    {
      validator: ({ actor, reason }) => {
        c.mustBeHandler(actor);
        c.mustBeStage('waiveFee', 'awaitingFee');
        if (typeof reason !== 'string' || reason.trim().length < 2) refuse('InvalidInput', 'reason: 减免信息处理费须写明理由');
        c.clockAccepts({ type: 'feeWaived', date: c.today() });
      },
    },
  );

  setHandler(
    d.askReasonsUpdate,
    async ({ actor }) => {
      c.state.art35 = { asked: c.today(), resolution: 'pending' };
      c.state.stage = 'awaitingReasons';
      c.step(actor, 'askReasons');
      await c.record('art35ReasonsAsked', actor, c.today());
      await c.notice('art35', 'art35', {});
      await notifyApplicant({ id: c.id, template: 'application-art35', vars: {} });
      return c.state;
    },
    {
      validator: ({ actor }) => {
        c.mustBeHandler(actor);
        c.mustBeStage('askReasons', 'handling');
        if (c.state.art35) refuse('WrongStage', 'askReasons: the applicant was already asked (条例第三十五条)');
      },
    },
  );

  setHandler(
    d.setAgencyDeadlineUpdate,
    async ({ actor, due, reason }) => {
      const date = c.today();
      c.state.events.push({ type: 'agencySetDeadline', date, due });
      c.state.art35!.resolution = 'deadlineSet';
      c.state.stage = 'handling';
      c.step(actor, 'setAgencyDeadline', `${due}: ${reason}`);
      await c.record('agencySetDeadline', actor, date, { due, reason });
      return c.state;
    },
    {
      validator: ({ actor, due, reason }) => {
        c.mustBeHandler(actor);
        c.mustBeStage('setAgencyDeadline', 'awaitingReasons');
        if (typeof reason !== 'string' || reason.trim() === '') refuse('InvalidInput', 'reason: why the reasons were judged reasonable (条例第三十五条)');
        if (typeof due !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(due)) refuse('InvalidInput', 'due: a YYYY-MM-DD date');
        c.clockAccepts({ type: 'agencySetDeadline', date: c.today(), due });
      },
    },
  );
}
