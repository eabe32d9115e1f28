import {
  allHandlersFinished,
  ApplicationFailure,
  ChildWorkflowFailure,
  condition,
  executeChild,
  log,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { ApplicationRoster } from '../../activities/application';
import { applicationFee, validateDecision } from '../../domain/application';
import { Calendar, shanghaiDate, type CalendarData, type CivilDate } from '../../domain/calendar';
import { ClockError, computeClock, type ClockEvent, type ClockPolicy } from '../../domain/clock';
import { CONSULTATION_WORKDAYS, correctionNoticeDue } from '../../domain/clock/deadlines';
import { outcome as outcomeEntry, type OutcomeKey } from '../../domain/outcomes';
import { dueAttr, holderAttr, kindAttr, stageAttr, statusAttr } from '../../domain/searchAttributes';
import { mailOptions, registerOptions } from '../activityOptions';
import type { reviewItem } from '../review/reviewItem';
import type { ReviewResult } from '../review/definitions';
import * as d from './definitions';

/** The review policy category of reply letters (`domain/review/policy.ts`): 科室负责人审核 → 分管领导签发. */
const LETTER_CATEGORY = '依申请公开答复';

const { loadApplicationContext, loadApplicationCalendar, loadApplicationRoster, recordApplicationStep, renderReplyLetter } =
  proxyActivities<Activities>(registerOptions);
const { notifyApplicant, notifyStaff } = proxyActivities<Activities>(mailOptions);

/** The daily check runs at 09:00 Asia/Shanghai (01:00 UTC): reminders reach people at the start of the day. */
const CHECK_HOUR_UTC = 1;
/** 条例 第三十条 leaves the 补正 period to the agency; at least 1 and, here, at most 30 working days. */
const MAX_CORRECTION_WORKDAYS = 30;

const refuse = (type: string, message: string): never => {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
};

/**
 * One disclosure application (依申请公开) from registration to delivery of the reply: the statutory clock
 * of `domain/clock` over the events recorded here, reminders and escalation on durable timers, every step
 * written to the register by an activity before the update that caused it returns. Runs up to months
 * (补正, consultation, extension, fees); history grows by about one timer a day.
 */
export async function handleApplication(input: d.HandleApplicationInput): Promise<{ outcome: string; closedDate: string }> {
  const id = input.id;
  const policy: ClockPolicy = input.policy ?? { feePausesClock: true };
  const state: d.ApplicationState = {
    id,
    stage: 'unassigned',
    handler: null,
    events: [],
    clock: null,
    correction: null,
    consultations: [],
    extension: null,
    fee: null,
    art35: null,
    decision: null,
    letter: null,
    delivery: null,
    outcome: null,
    closedDate: null,
    remindersSent: [],
    deadlineChanges: [],
    steps: [],
    possibleDuplicates: [],
  };
  let calendar: Calendar | null = null;
  let roster: ApplicationRoster = { office: [], officeHeads: [], handlers: [], supervisors: [] };
  let hasEmail = false;
  let wake = false;
  /** Queued `recomputeDeadlines` signals; `calendar` is absent only in signals sent before it was carried. */
  let recomputeRequests: { reason: string; calendar?: CalendarData }[] = [];
  let letterRunning = false;
  let correctionNoticeReminded = false;

  const today = (): CivilDate => shanghaiDate(Date.now());
  const cal = (): Calendar => calendar ?? refuse('NotReady', 'the application is still starting; try again');
  const recompute = () => {
    state.clock = computeClock(state.events, policy, cal(), today());
  };
  const lastEventDate = () => state.events[state.events.length - 1]?.date ?? '0000-00-00';
  const step = (actor: string, action: string, detail?: string) => state.steps.push({ date: today(), actor, action, detail });
  let stepKey = 0;
  /** Writes the step to the register (idempotent by a key from this run's sequence) with the case's current row fields. */
  const record = async (type: string, actor: string, date: CivilDate, detail?: unknown) => {
    recompute();
    await recordApplicationStep({
      id,
      key: `${workflowInfo().runId}/${++stepKey}-${type}`,
      date,
      type,
      actor,
      detail,
      patch: {
        stage: state.stage,
        handler: state.handler,
        due_date: state.clock?.due ?? null,
        calendar_version: cal().version,
        status: state.stage === 'closed' ? 'closed' : 'open',
        outcome: state.outcome,
        decision: state.decision ? JSON.stringify(state.decision) : null,
        closed_date: state.closedDate,
      },
    });
    publishSearchAttributes();
    wake = true;
  };
  const publishSearchAttributes = () => {
    // No personal data: the business state, the handler's staff ID and the due date only.
    const due = state.clock?.due;
    upsertSearchAttributes([
      { key: kindAttr, value: 'application' },
      { key: statusAttr, value: state.stage === 'closed' ? 'closed' : 'open' },
      { key: stageAttr, value: state.stage },
      { key: holderAttr, value: state.handler ?? 'unassigned' },
      { key: dueAttr, value: due ? new Date(`${due}T23:59:59+08:00`) : null },
    ]);
  };

  // ---- who may act (the roster comes from the register through an activity) ----
  const mustBeOffice = (actor: string) => {
    if (!roster.office.includes(actor) && !roster.officeHeads.includes(actor)) {
      refuse('Forbidden', `${actor} is not in the disclosure office (政务公开办公室): only its members assign applications`);
    }
  };
  const mustBeHandler = (actor: string) => {
    if (state.handler !== actor) refuse('Forbidden', `${actor} is not the handler of ${id}${state.handler ? ` (${state.handler} is)` : ' (nobody has claimed it)'}`);
  };
  const mustBeStage = (action: string, ...stages: d.ApplicationStage[]) => {
    if (!stages.includes(state.stage)) refuse('WrongStage', `${action}: not possible while the application is ${state.stage} (needs ${stages.join(' or ')})`);
  };
  /** A date given for a past fact: not in the future, not before the last recorded event (the events stay in order). */
  const pastDate = (field: string, date: string | undefined): CivilDate => {
    const value = date ?? today();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) refuse('InvalidInput', `${field}: not a YYYY-MM-DD date`);
    if (value > today()) refuse('InvalidInput', `${field}: ${value} is in the future`);
    if (value < lastEventDate()) refuse('InvalidInput', `${field}: ${value} is before the last recorded event (${lastEventDate()})`);
    return value;
  };
  /** Runs the clock over the events plus `next`: the clock's own rules (extension once, before the due date...) refuse it. */
  const clockAccepts = (next: ClockEvent) => {
    try {
      computeClock([...state.events, next], policy, cal(), today());
    } catch (e) {
      if (e instanceof ClockError) refuse('ClockRule', e.message);
      throw e;
    }
  };
  const openConsultation = (party?: string) => state.consultations.find((c) => c.ended === null && (!party || c.party === party));

  // ---- handlers, registered before the first await ----
  setHandler(d.stateQuery, () => state);

  setHandler(
    d.assignUpdate,
    async ({ actor, handler }) => {
      const before = state.handler;
      state.handler = handler;
      if (state.stage === 'unassigned') state.stage = 'handling';
      step(actor, 'assign', `${before ?? '—'} → ${handler}`);
      await record('assigned', actor, today(), { from: before, to: handler });
      await notifyStaff({ userIds: [handler], template: 'application-assigned', vars: assignedVars(actor) });
      return state;
    },
    {
      validator: ({ actor, handler }) => {
        cal();
        mustBeOffice(actor);
        if (!roster.handlers.includes(handler)) refuse('InvalidInput', `handler: ${handler} is not an active user with the handler role`);
        if (state.stage === 'closed') refuse('WrongStage', 'assign: the application is closed');
        if (state.handler === handler) refuse('InvalidInput', `handler: ${handler} already holds ${id}`);
      },
    },
  );

  setHandler(
    d.claimUpdate,
    async ({ actor }) => {
      state.handler = actor;
      state.stage = 'handling';
      step(actor, 'claim');
      await record('claimed', actor, today());
      return state;
    },
    {
      validator: ({ actor }) => {
        cal();
        mustBeStage('claim', 'unassigned');
        if (!roster.handlers.includes(actor) || !roster.office.includes(actor)) {
          refuse('Forbidden', `${actor} cannot claim: only handlers of the disclosure office claim applications`);
        }
      },
    },
  );

  setHandler(
    d.requestCorrectionUpdate,
    async ({ actor, items, periodWorkdays }) => {
      const date = today();
      state.events.push({ type: 'correctionRequested', date, periodWorkdays });
      state.correction = { items, periodWorkdays, received: false };
      state.stage = 'awaitingCorrection';
      step(actor, 'requestCorrection', items.join('；'));
      await record('correctionRequested', actor, date, { items, periodWorkdays });
      await notifyApplicant({
        id,
        template: 'application-correction',
        vars: { periodEnd: state.clock!.deadlines.correctionPeriodEnd ?? '', items: items.map((t, i) => `${i + 1}. ${t}`).join('\n') },
      });
      return state;
    },
    {
      validator: ({ actor, items, periodWorkdays }) => {
        mustBeHandler(actor);
        mustBeStage('requestCorrection', 'handling');
        // 条例 第三十条: 一次性告知 — one notice listing everything.
        if (state.correction) refuse('ClockRule', '条例第三十条: 补正 is asked once, in one notice listing everything');
        if (!Array.isArray(items) || items.length === 0 || items.some((t) => typeof t !== 'string' || t.trim() === '')) {
          refuse('InvalidInput', 'items: list what must be corrected (条例第三十条 一次性告知)');
        }
        if (!Number.isInteger(periodWorkdays) || periodWorkdays < 1 || periodWorkdays > MAX_CORRECTION_WORKDAYS) {
          refuse('InvalidInput', `periodWorkdays: a whole number of working days, 1-${MAX_CORRECTION_WORKDAYS}`);
        }
        clockAccepts({ type: 'correctionRequested', date: today(), periodWorkdays });
      },
    },
  );

  setHandler(
    d.correctionReceivedUpdate,
    async ({ actor, date }) => {
      const on = pastDate('date', date);
      state.events.push({ type: 'correctionReceived', date: on });
      state.correction!.received = true;
      state.stage = 'handling';
      step(actor, 'correctionReceived', on);
      await record('correctionReceived', actor, on);
      return state;
    },
    {
      validator: ({ actor, date }) => {
        mustBeHandler(actor);
        mustBeStage('correctionReceived', 'awaitingCorrection');
        clockAccepts({ type: 'correctionReceived', date: pastDate('date', date) });
      },
    },
  );

  setHandler(
    d.consultUpdate,
    async ({ actor, party, addressee }) => {
      const date = today();
      state.events.push({ type: 'consultationStarted', date, party });
      const due = cal().addWorkdays(date, CONSULTATION_WORKDAYS).date;
      state.consultations.push({ party, addressee, started: date, due, ended: null, reply: null });
      step(actor, 'consult', `${party}: ${addressee}`);
      await record('consultationStarted', actor, date, { party, addressee, due });
      return state;
    },
    {
      validator: ({ actor, party, addressee }) => {
        mustBeHandler(actor);
        mustBeStage('consult', 'handling');
        if (party !== 'third-party' && party !== 'other-agency') refuse('InvalidInput', 'party: third-party (条例第三十二条) or other-agency (条例第三十四条)');
        if (typeof addressee !== 'string' || addressee.trim() === '') refuse('InvalidInput', 'addressee: who is consulted');
        if (openConsultation(party)) refuse('WrongStage', `consult: a ${party} consultation is already open`);
      },
    },
  );

  setHandler(
    d.consultationReplyUpdate,
    async ({ actor, party, reply, date }) => {
      const on = pastDate('date', date);
      await endConsultation(actor, party, on, reply);
      return state;
    },
    {
      validator: ({ actor, party, reply, date }) => {
        mustBeHandler(actor);
        if (!openConsultation(party)) refuse('WrongStage', `consultationReply: no ${party} consultation is open`);
        if (typeof reply !== 'string' || reply.trim() === '') refuse('InvalidInput', 'reply: what the consulted party answered');
        pastDate('date', date);
      },
    },
  );

  setHandler(
    d.requestExtensionUpdate,
    async ({ actor, reason, workdays }) => {
      state.extension = { requestedBy: actor, reason, workdays: workdays ?? 20, requestedOn: today(), decision: 'pending' };
      step(actor, 'requestExtension', reason);
      await record('extensionRequested', actor, today(), { reason, workdays: workdays ?? 20 });
      await notifyStaff({ userIds: roster.officeHeads, template: 'application-reminder', vars: { id, due: state.clock?.due ?? '', when: '申请延期答复，待审批' } });
      return state;
    },
    {
      validator: ({ actor, reason, workdays }) => {
        mustBeHandler(actor);
        mustBeStage('requestExtension', 'handling');
        if (typeof reason !== 'string' || reason.trim().length < 2) refuse('InvalidInput', 'reason: an extension needs its reason (条例第三十三条第二款)');
        const n = workdays ?? 20;
        if (!Number.isInteger(n) || n < 1 || n > 20) refuse('InvalidInput', 'workdays: 1-20 (条例第三十三条第二款: 延长的期限最长不得超过20个工作日)');
        if (state.extension?.decision === 'pending') refuse('WrongStage', 'requestExtension: a request is already waiting for approval');
        if (state.extension?.decision === 'approved') refuse('ClockRule', '条例第三十三条第二款: the reply period is extended once only');
        clockAccepts({ type: 'extensionApproved', date: today(), workdays: n });
      },
    },
  );

  setHandler(
    d.decideExtensionUpdate,
    async ({ actor, approve, note }) => {
      const ext = state.extension!;
      ext.decision = approve ? 'approved' : 'refused';
      ext.decidedBy = actor;
      const date = today();
      if (approve) state.events.push({ type: 'extensionApproved', date, workdays: ext.workdays });
      step(actor, approve ? 'approveExtension' : 'refuseExtension', note);
      await record(approve ? 'extensionApproved' : 'extensionRefused', actor, date, { note, workdays: ext.workdays });
      // 条例 第三十三条第二款: 告知申请人 — the 延期答复告知书 goes out the day it is approved, before the old due date.
      if (approve) await notifyApplicant({ id, template: 'application-extension', vars: { reason: ext.reason, workdays: ext.workdays, due: state.clock!.due ?? '' } });
      return state;
    },
    {
      validator: ({ actor, approve }) => {
        cal();
        if (!roster.officeHeads.includes(actor)) {
          refuse('Forbidden', `${actor} cannot approve: 条例第三十三条第二款 requires the head of the disclosure office (政府信息公开工作机构负责人)`);
        }
        if (state.extension?.decision !== 'pending') refuse('WrongStage', 'decideExtension: no extension request is pending');
        if (typeof approve !== 'boolean') refuse('InvalidInput', 'approve: true or false');
        if (approve) clockAccepts({ type: 'extensionApproved', date: today(), workdays: state.extension!.workdays });
      },
    },
  );

  setHandler(
    d.issueFeeNoticeUpdate,
    async (args) => {
      const date = today();
      const amount = applicationFee(args.method === 'perPage' ? { method: 'perPage', pages: args.pages } : { method: 'perApplication', monthlyCount: args.monthlyCount });
      const basis = args.method === 'perPage' ? `按量计收，${args.pages} 页` : `按件计收，本月第 ${args.monthlyCount} 件`;
      state.events.push({ type: 'feeNoticeIssued', date });
      recompute();
      state.fee = { amount, basis, issued: date, payBy: state.clock!.deadlines.feePaymentEnd!, paid: null };
      state.stage = 'awaitingFee';
      step(args.actor, 'issueFeeNotice', `${amount} 元（${basis}）`);
      await record('feeNoticeIssued', args.actor, date, { amount, basis });
      await notifyApplicant({ id, template: 'application-fee', vars: { amount, basis, payBy: state.fee.payBy } });
      return state;
    },
    {
      validator: (args) => {
        mustBeHandler(args.actor);
        mustBeStage('issueFeeNotice', 'handling');
        if (state.fee) refuse('WrongStage', 'issueFeeNotice: a fee notice was already issued');
        try {
          const amount = applicationFee(args.method === 'perPage' ? { method: 'perPage', pages: args.pages } : { method: 'perApplication', monthlyCount: args.monthlyCount });
          if (amount === 0) refuse('InvalidInput', '国办函〔2020〕109号: within the free tier, no fee notice is issued');
        } catch (e) {
          if (e instanceof RangeError) refuse('InvalidInput', `fee: ${e.message}`);
          throw e;
        }
        // 109号 第六条: the notice is issued within the processing period.
        if (state.clock?.due && today() > state.clock.due) refuse('ClockRule', `国办函〔2020〕109号第六条: a fee notice must be issued within the reply period (due ${state.clock.due})`);
      },
    },
  );

  setHandler(
    d.feePaidUpdate,
    async ({ actor, date }) => {
      const on = pastDate('date', date);
      state.events.push({ type: 'feePaid', date: on });
      state.fee!.paid = on;
      state.stage = 'handling';
      step(actor, 'feePaid', on);
      await record('feePaid', actor, on);
      return state;
    },
    {
      validator: ({ actor, date }) => {
        mustBeHandler(actor);
        mustBeStage('feePaid', 'awaitingFee');
        clockAccepts({ type: 'feePaid', date: pastDate('date', date) });
      },
    },
  );

  setHandler(
    d.askReasonsUpdate,
    async ({ actor }) => {
      state.art35 = { asked: today(), resolution: 'pending' };
      state.stage = 'awaitingReasons';
      step(actor, 'askReasons');
      await record('art35ReasonsAsked', actor, today());
      await notifyApplicant({ id, template: 'application-art35', vars: {} });
      return state;
    },
    {
      validator: ({ actor }) => {
        mustBeHandler(actor);
        mustBeStage('askReasons', 'handling');
        if (state.art35) refuse('WrongStage', 'askReasons: the applicant was already asked (条例第三十五条)');
      },
    },
  );

  setHandler(
    d.setAgencyDeadlineUpdate,
    async ({ actor, due, reason }) => {
      const date = today();
      state.events.push({ type: 'agencySetDeadline', date, due });
      state.art35!.resolution = 'deadlineSet';
      state.stage = 'handling';
      step(actor, 'setAgencyDeadline', `${due}: ${reason}`);
      await record('agencySetDeadline', actor, date, { due, reason });
      return state;
    },
    {
      validator: ({ actor, due, reason }) => {
        mustBeHandler(actor);
        mustBeStage('setAgencyDeadline', 'awaitingReasons');
        if (typeof reason !== 'string' || reason.trim() === '') refuse('InvalidInput', 'reason: why the reasons were judged reasonable (条例第三十五条)');
        if (typeof due !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(due)) refuse('InvalidInput', 'due: a YYYY-MM-DD date');
        clockAccepts({ type: 'agencySetDeadline', date: today(), due });
      },
    },
  );

  setHandler(
    d.decideUpdate,
    async ({ actor, decision }) => {
      const r = validateDecision(decision, decisionContext());
      if (!r.ok) return refuse('InvalidDecision', r.error); // validated already; kept for the type
      state.decision = r.decision;
      if (state.art35 && r.decision.outcome === 'notProcessed.excessive') state.art35.resolution = 'excessive';
      state.stage = 'letterReview';
      step(actor, 'decide', r.decision.outcome);
      await record('decided', actor, today(), { outcome: r.decision.outcome });
      return state;
    },
    {
      validator: ({ actor, decision }) => {
        mustBeHandler(actor);
        mustBeStage('decide', 'handling', 'awaitingReasons');
        if (openConsultation()) refuse('WrongStage', 'decide: a consultation is open; record its reply or wait for its 15 working days (条例第三十二条、第三十四条)');
        if (state.stage === 'awaitingReasons' && (decision as { outcome?: string })?.outcome !== 'notProcessed.excessive') {
          refuse('WrongStage', 'decide: the applicant was asked for reasons (条例第三十五条); decide notProcessed.excessive or set a deadline first');
        }
        const r = validateDecision(decision, decisionContext());
        if (!r.ok) refuse('InvalidDecision', r.error);
      },
    },
  );

  setHandler(
    d.recordDeliveryUpdate,
    async ({ actor, method, date }) => {
      const on = pastDate('date', date);
      state.events.push({ type: 'replied', date: on });
      state.delivery = { method, date: on };
      await close(actor, state.decision!.outcome, on, 'delivered');
      if (hasEmail) {
        const label = outcomeEntry(state.decision!.outcome).label ?? state.decision!.outcome;
        await notifyApplicant({ id, template: 'application-reply', vars: { outcomeLabel: label, date: on, method: METHOD_TEXT[method] } });
      }
      return state;
    },
    {
      validator: ({ actor, method, date }) => {
        if (state.handler !== actor && !roster.office.includes(actor)) refuse('Forbidden', `${actor} is neither the handler nor in the disclosure office`);
        mustBeStage('recordDelivery', 'awaitingDelivery');
        if (!(method in METHOD_TEXT)) refuse('InvalidInput', `method: one of ${Object.keys(METHOD_TEXT).join(', ')} (国办公开办函〔2016〕235号)`);
        pastDate('date', date);
      },
    },
  );

  setHandler(d.recomputeDeadlinesSignal, (req) => {
    // A signal: nobody waits, so bad input is logged and dropped here rather than thrown.
    if (typeof req?.reason !== 'string' || req.reason.trim() === '') {
      log.warn('recomputeDeadlines ignored: no reason given');
      return;
    }
    const data = (req as Partial<d.RecomputeDeadlines>).calendar;
    if (data === undefined) {
      // Sent before the signal carried the calendar: the loop loads the register's calendar.
      recomputeRequests.push({ reason: req.reason });
    } else if (!data || typeof data.version !== 'string' || !Array.isArray(data.years) || !Array.isArray(data.overrides)) {
      log.warn('recomputeDeadlines ignored: the calendar it carries is not calendar data', { reason: req.reason });
      return;
    } else {
      // A repeat of the version in force (the same import sent twice) changes nothing.
      const latest = recomputeRequests.length ? recomputeRequests[recomputeRequests.length - 1].calendar?.version : calendar?.version;
      if (data.version === latest) return;
      recomputeRequests.push({ reason: req.reason, calendar: data });
    }
    wake = true;
  });

  // ---- helpers that await ----
  function decisionContext() {
    return {
      correctionReceived: state.correction?.received === true,
      art35Asked: state.art35 !== null,
      consultedThirdParty: state.consultations.some((c) => c.party === 'third-party'),
    };
  }
  function assignedVars(by: string) {
    const dup = state.possibleDuplicates.length ? `可能重复的申请：${state.possibleDuplicates.join('、')}，请核查（条例第三十六条第（六）项）。` : '';
    return { id, by, received: state.clock?.received ?? '', due: state.clock?.due ?? '', duplicates: dup };
  }

  async function endConsultation(actor: string, party: string, on: CivilDate, reply: string) {
    const c = openConsultation(party)!;
    c.ended = on;
    c.reply = reply;
    state.events.push({ type: 'consultationEnded', date: on, party: c.party });
    step(actor, 'consultationEnded', `${c.party}: ${reply}`);
    await record('consultationEnded', actor, on, { party: c.party, reply });
  }

  async function close(actor: string, outcome: OutcomeKey, on: CivilDate, how: string) {
    state.outcome = outcome;
    state.closedDate = on;
    state.stage = 'closed';
    step(actor, 'close', `${outcome} (${how})`);
    await record('closed', actor, on, { outcome, how });
  }

  /** Periods that lapsed end the case or a consultation by themselves (条例 第三十条, 第三十二条, 第三十四条, 109号). */
  async function applyLapses() {
    recompute();
    const clock = state.clock!;
    if (clock.abandoned) {
      const fee = state.stage === 'awaitingFee';
      const end = fee ? clock.deadlines.feePaymentEnd! : clock.deadlines.correctionPeriodEnd!;
      // 视为放弃 on the working day after the period: that is the day the case is concluded.
      await close('system', fee ? 'other.feeUnpaid' : 'other.noCorrection', cal().addWorkdays(end, 1).date, 'period lapsed');
      return;
    }
    for (const c of state.consultations) {
      if (c.ended === null && today() > c.due) {
        // 条例 第三十二条: silence lets the agency decide; 第三十四条: silence is deemed consent.
        const effect = c.party === 'third-party' ? '逾期未提出意见，由本机关依照条例决定（第三十二条）' : '逾期未提出意见，视为同意公开（第三十四条）';
        await endConsultation('system', c.party, c.due < lastEventDate() ? lastEventDate() : c.due, effect);
      }
    }
  }

  /** Reminders 5 and 2 working days before the due date and on it; escalation each working day after it. */
  async function remind() {
    const clock = state.clock!;
    const t = today();
    if (!cal().isWorkday(t).workday || !clock.due || clock.workdaysLeft === null) return;
    if (!['running', 'due-soon', 'due-today', 'overdue'].includes(clock.state) || state.stage === 'closed') return;
    const left = clock.workdaysLeft;
    const holder = state.handler ? [state.handler] : roster.office;
    if (left === 5 || left === 2 || left === 0) {
      const key = `${t}/due-${left}`;
      if (state.remindersSent.some((k) => k.endsWith(`/due-${left}`) && k.includes(clock.due!))) return;
      state.remindersSent.push(`${key}/${clock.due}`);
      const when = left === 0 ? '今日到期' : `还有 ${left} 个工作日到期`;
      await notifyStaff({ userIds: holder, template: 'application-reminder', vars: { id, due: clock.due, when } });
      await record('reminder', 'system', t, { workdaysLeft: left, due: clock.due });
    } else if (left < 0) {
      const key = `${t}/overdue`;
      if (state.remindersSent.includes(key)) return;
      state.remindersSent.push(key);
      await notifyStaff({ userIds: roster.supervisors, template: 'application-escalation', vars: { id, due: clock.due, days: -left, handler: state.handler ?? '未分派' } });
      await record('escalation', 'system', t, { overdueWorkdays: -left, due: clock.due });
    }
  }

  /** Each queued signal in turn: the calendar it carries (or the register's) replaces ours; the new due date is recorded. */
  /**
   * 条例 第三十条: a 补正 notice goes out within 7 working days of receipt. On the last of them, if none was sent,
   * the handler is reminded (the office while nobody holds the case, and then the supervisors too). Once.
   */
  async function remindCorrectionNotice() {
    const t = today();
    if (state.correction || correctionNoticeReminded || !cal().isWorkday(t).workday) return;
    if (state.stage !== 'unassigned' && state.stage !== 'handling') return;
    const due = correctionNoticeDue(cal(), state.events[0].date).date;
    if (t < due) return;
    correctionNoticeReminded = true;
    const escalated = state.handler === null;
    const to = escalated ? [...new Set([...roster.office, ...roster.supervisors])] : [state.handler!];
    await notifyStaff({ userIds: to, template: 'application-correction-notice-due', vars: { id, due, handler: state.handler ?? '未分派' } });
    await record('correctionNoticeReminder', 'system', t, { due, escalated });
  }

  async function applyRecompute() {
    const requests = recomputeRequests;
    recomputeRequests = [];
    for (const r of requests) {
      const data = r.calendar ?? (await loadApplicationCalendar());
      const from = state.clock?.due ?? null;
      calendar = new Calendar(data);
      recompute();
      const change: d.DeadlineChange = { date: today(), reason: r.reason, calendarVersion: data.version, from, to: state.clock!.due };
      state.deadlineChanges.push(change);
      step('system', 'recomputeDeadlines', `${from ?? '—'} → ${change.to ?? '—'}（${r.reason}；日历版本 ${data.version}）`);
      await record('deadlinesRecomputed', 'system', today(), change);
    }
  }

  /**
   * Renders the reply letter and, by default, has it reviewed by the child `reviewItem` (the handler as 承办人
   * drafts, then 科室负责人审核 → 分管领导签发; `publish: false`, so the final approval ends the child). A
   * review that does not approve (withdrawn, or the child failed) sends the letter back to the handler, who
   * decides again: a new version of the letter, a new review.
   */
  async function runLetter() {
    const version = (state.letter?.version ?? 0) + 1;
    const letter = await renderReplyLetter({ id, decision: state.decision!, date: today(), version });
    state.letter = { path: letter.path, sha256: letter.sha256, version, reviewed: false };
    step('system', 'letterRendered', letter.path);
    // Reviewed by default since 'letter-review-by-default'; earlier executions reviewed only when asked.
    const review = input.reviewLetter ?? patched('letter-review-by-default');
    if (review) {
      // From the business ID (equal to `${workflowId}-letter-n`, as the workflow ID is `application-{id}`): replays
      // of a recorded history under another workflow ID start the same child.
      const workflowId = `application-${id}-letter-${version}`;
      state.letter.review = { workflowId, approvedBy: [] };
      let result: ReviewResult | undefined;
      let failure: string | undefined;
      try {
        result = await executeChild<typeof reviewItem>('reviewItem', {
          workflowId,
          args: [
            {
              item: { title: `${id} 政府信息公开申请答复书`, category: LETTER_CATEGORY, body: letter.text, author: state.handler!, section: '政务公开办公室', column: '依申请公开' },
              publish: false,
            },
          ],
        });
      } catch (e) {
        // A failed child (bad input, no policy, terminated) must not fail this workflow's task: back to the handler.
        if (!(e instanceof ChildWorkflowFailure)) throw e;
        failure = `reviewItem ${workflowId}: ${e.cause?.message || e.cause?.name || e.message}`;
      }
      if (result?.outcome !== 'approved') {
        const why = failure ?? `review ${result?.outcome ?? 'ended'}${result && 'reason' in result && result.reason ? `: ${result.reason}` : ''}`;
        state.letter.review.returned = why;
        state.stage = 'handling';
        step('system', 'letterReturned', why);
        await record('letterReturned', 'system', today(), { path: letter.path, version, review: workflowId, reason: why });
        if (state.handler) await notifyStaff({ userIds: [state.handler], template: 'application-letter-returned', vars: { id, version, reason: why } });
        return;
      }
      const approved = result;
      state.letter.review.approvedBy = approved.approvals.filter((a) => a.hash === approved.hash).map((a) => a.by);
      step('system', 'letterReviewed', `${workflowId}: ${[state.handler, ...state.letter.review.approvedBy].join(' → ')}`);
    }
    state.letter.reviewed = true;
    state.stage = 'awaitingDelivery';
    if (!review) step('system', 'letterReviewed', 'no review (reviewLetter: false)');
    await record('letterReady', 'system', today(), {
      path: letter.path,
      sha256: letter.sha256,
      reviewed: review,
      ...(state.letter.review ? { review: state.letter.review.workflowId, approvedBy: state.letter.review.approvedBy } : {}),
    });
  }

  // ---- the process ----
  const context = await loadApplicationContext(id);
  calendar = new Calendar(context.calendar);
  roster = context.roster;
  hasEmail = context.facts.hasEmail;
  state.possibleDuplicates = context.facts.possibleDuplicates;
  state.events.push({ type: 'received', date: context.facts.received, channel: context.facts.channel as never });
  step(input.registeredBy, 'registered', context.facts.received);
  await record('received', input.registeredBy, context.facts.received, { channel: context.facts.channel });
  await notifyApplicant({ id, template: 'application-receipt', vars: { due: state.clock!.due ?? '' } });
  await notifyStaff({ userIds: roster.office, template: 'application-assigned', vars: assignedVars(input.registeredBy) });

  let checkedOn = '';
  while (state.stage !== 'closed') {
    if (recomputeRequests.length > 0) await applyRecompute();
    if (state.stage === 'letterReview' && !letterRunning) {
      letterRunning = true;
      // Runs beside the loop so reminders go on while the letter is in review.
      void runLetter().finally(() => {
        letterRunning = false;
        wake = true;
      });
    }
    if (state.stage !== 'letterReview' && state.stage !== 'awaitingDelivery') await applyLapses();
    if ((state.stage as d.ApplicationStage) === 'closed') break;
    if (checkedOn !== today()) {
      checkedOn = today();
      roster = await loadApplicationRoster();
    }
    recompute();
    if (patched('correction-notice-reminder')) await remindCorrectionNotice();
    await remind();
    wake = false;
    await condition(() => wake, msUntilNextCheck());
  }
  await condition(() => !letterRunning && allHandlersFinished());
  return { outcome: state.outcome!, closedDate: state.closedDate! };
}

const METHOD_TEXT: Record<d.DeliveryMethod, string> = {
  signed: '直接送达（签收）',
  posted: '邮寄（交邮）',
  email: '电子邮件',
  onSite: '当场答复',
};

/** Milliseconds to the next 09:00 Asia/Shanghai. */
function msUntilNextCheck(): number {
  const now = Date.now();
  const next = new Date(now);
  next.setUTCHours(CHECK_HOUR_UTC, 0, 0, 0);
  if (next.getTime() <= now) next.setUTCDate(next.getUTCDate() + 1);
  return next.getTime() - now;
}
