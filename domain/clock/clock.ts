import type { Calendar, CountResult, DateResult } from '../calendar/calendar';
import type { CivilDate } from '../calendar/civil-date';
import { applicationEventLabels } from '../dictionary';
import * as deadlines from './deadlines';
import type { Channel, ClockEvent, ClockPolicy, ConsultationParty, NoticeDeliveryMethod } from './events';

export type ClockState = 'running' | 'paused' | 'due-soon' | 'due-today' | 'overdue' | 'replied' | 'abandoned' | 'awaiting-correction';

/** One line of the explanation: what happened on `date`, under which article, in words a person can check. */
export interface ClockStep {
  date: CivilDate;
  article: string;
  text: string;
  /** A breach or irregularity (a late 补正 notice, a late fee notice), not an error. */
  warning: boolean;
}

export interface ConsultationDeadline {
  party: ConsultationParty;
  started: CivilDate;
  /** The consulted party's own 15-working-day due date. */
  due: CivilDate;
  ended: CivilDate | null;
}

export interface ClockResult {
  received: CivilDate;
  /** The reply due date; null when the case ended without a reply (abandoned). */
  due: CivilDate | null;
  state: ClockState;
  /** Working days in (today, due]; frozen at the pause's start while paused; negative when overdue. */
  workdaysLeft: number | null;
  provisional: boolean;
  onTime: boolean | null;
  abandoned: boolean;
  deadlines: {
    correctionNoticeDue: CivilDate | null;
    correctionPeriodEnd: CivilDate | null;
    consultations: ConsultationDeadline[];
    feePaymentEnd: CivilDate | null;
  };
  steps: ClockStep[];
  calendarVersion: string;
}

/** Events the clock cannot accept (a second extension, one after the due date…); `field` names the event. */
export class ClockError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}：${message}`);
    this.name = 'ClockError';
  }
}

const CHANNEL_TEXT: Record<Channel, string> = {
  'in-person': '当面提交，以提交之日为收到申请之日',
  'post-signed': '邮寄，以行政机关签收之日为收到申请之日',
  'post-ordinary': '平常信函，以与申请人确认之日为收到申请之日',
  online: '互联网渠道，以双方确认之日为收到申请之日',
  fax: '传真，以双方确认之日为收到申请之日',
};

const DELIVERED_BY: Record<NoticeDeliveryMethod, string> = {
  direct: '直接送达，签收',
  post: '邮寄送达，签收',
  electronic: '电子送达',
};

const PARTY = {
  'third-party': { article: '第三十二条、第三十三条第三款', who: '第三方' },
  'other-agency': { article: '第三十四条、第三十三条第三款', who: '其他机关' },
} as const;

interface Pause {
  kind: 'consultation' | 'fee';
  party?: ConsultationParty;
  start: CivilDate;
  end: CivilDate | null;
}

/** `due-soon` when this many working days or fewer are left (docs/clock.md, rule 7). */
const DUE_SOON_WORKDAYS = 5;

/**
 * The statutory clock of one application: a pure function of its events, the calendar and today
 * (the rules of docs/clock.md, 条例 第三十条 to 第三十五条).
 */
export function computeClock(allEvents: ClockEvent[], policy: ClockPolicy, calendar: Calendar, today: CivilDate): ClockResult {
  // The clock as it stood on `today`: later events (a replay of history, or a typo) do not count yet.
  const events = allEvents.filter((e) => e.date <= today);
  let provisional = false;
  const add = (d: CivilDate, n: number): CivilDate => track(calendar.addWorkdays(d, n)).date;
  const between = (a: CivilDate, b: CivilDate): number => track(calendar.workdaysBetween(a, b)).workdays;
  function track<T extends DateResult | CountResult>(r: T): T {
    provisional ||= r.provisional;
    return r;
  }
  const steps: ClockStep[] = [];
  const step = (date: CivilDate, article: string, text: string, warning = false) => steps.push({ date, article, text, warning });

  /**
   * clock-events rule 9: the day a period that runs from the addressee's receipt starts from: `deliveredOn`, or,
   * not recorded, the day the notice was sent; `warn` then adds a warning step (the addressee's own period may
   * end later than the one shown), after the event's own step.
   */
  const receiptOf = (
    field: string,
    e: { date: CivilDate; issuedOn?: CivilDate; deliveredOn?: CivilDate; deliveredBy?: NoticeDeliveryMethod },
    article: string,
    notice: string,
  ): { from: CivilDate; text: string; warn: () => void } => {
    const sent = sentOn(field, e);
    if (e.deliveredOn === undefined) {
      const warn = () => step(e.date, article, `未记录${notice}的送达日期（对方收到之日），期限暂自发出之日 ${sent} 起算；对方收到之日晚于发出之日的，期限相应顺延`, true);
      return { from: sent, text: `自发出之日（${sent}）起算`, warn };
    }
    if (e.deliveredOn < sent) throw new ClockError(`${field}.deliveredOn`, `文书送达之日不能早于发出之日：${e.deliveredOn} 早于 ${sent}`);
    const how = e.deliveredBy ? `，${DELIVERED_BY[e.deliveredBy]}` : '';
    return { from: e.deliveredOn, text: `自对方收到${notice}之日（${e.deliveredOn}${how}）起算`, warn: () => undefined };
  };

  /** The day a notice went out: the step's, or a reviewed notice's signing day (`issuedOn`, never before it). */
  const sentOn = (field: string, e: { date: CivilDate; issuedOn?: CivilDate }): CivilDate => {
    if (e.issuedOn !== undefined && e.issuedOn < e.date) throw new ClockError(`${field}.issuedOn`, `文书发出之日不能早于相应办理事项之日：${e.issuedOn} 早于 ${e.date}`);
    return e.issuedOn ?? e.date;
  };

  const first = allEvents[0];
  if (first?.type !== 'received') throw new ClockError('events[0]', `第一个事件应为“${applicationEventLabels.received}”（received）`);
  if (first.date > today) throw new ClockError('events[0].date', `收到申请之日 ${first.date} 在今天（${today}）之后`);
  const received = first.date;

  // The clock of the current run: the due date before pauses, and the pauses since the (re)start.
  let start = received;
  let anchor = add(received, deadlines.REPLY_WORKDAYS);
  let pauses: Pause[] = [];
  let extended = false;
  let correction: { requested: CivilDate; periodEnd: CivilDate } | null = null;
  let fee: Pause | null = null;
  let replied: CivilDate | null = null;
  const result: ClockResult['deadlines'] = { correctionNoticeDue: null, correctionPeriodEnd: null, consultations: [], feePaymentEnd: null };

  /** Working days inside the union of the pauses, counting only up to `at`. */
  const pausedUpTo = (at: CivilDate): number => {
    const spans = pauses
      .map((p) => [p.start, p.end === null || p.end > at ? at : p.end] as const)
      .filter(([s, e]) => s < e)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    let total = 0;
    let current: [CivilDate, CivilDate] | null = null;
    for (const [s, e] of spans) {
      if (current && s <= current[1]) {
        if (e > current[1]) current[1] = e;
      } else {
        if (current) total += between(current[0], current[1]);
        current = [s, e];
      }
    }
    return current ? total + between(current[0], current[1]) : total;
  };
  const dueAt = (at: CivilDate): CivilDate => add(anchor, pausedUpTo(at));

  step(received, '第三十一条', `收到申请（${CHANNEL_TEXT[first.channel]}）`);
  step(received, '第三十三条第二款', `答复期限：自收到申请之日起 ${deadlines.REPLY_WORKDAYS} 个工作日，至 ${anchor}`);

  for (let i = 1; i < events.length; i++) {
    const event = events[i];
    const field = `events[${i}]`;
    const d = event.date;
    if (replied !== null) throw new ClockError(field, `已于 ${replied} 答复，不能再登记“${applicationEventLabels[event.type] ?? event.type}”`);
    switch (event.type) {
      case 'received':
        throw new ClockError(field, `申请只能收到一次；收到补正后的申请，应登记为“${applicationEventLabels.correctionReceived}”（correctionReceived）`);
      case 'correctionRequested': {
        if (correction) throw new ClockError(field, `已于 ${correction.requested} 要求补正，尚未收到补正后的申请，不能再次要求补正`);
        const noticeDue = add(start, deadlines.CORRECTION_NOTICE_WORKDAYS);
        // 条例 第三十条: "自收到补正通知之日起" (rule 9).
        const receipt = receiptOf(field, event, '第三十条', '补正通知');
        const periodEnd = add(receipt.from, event.periodWorkdays);
        correction = { requested: d, periodEnd };
        result.correctionNoticeDue = noticeDue;
        result.correctionPeriodEnd = periodEnd;
        // 条例 第三十条: 一次性告知 within 7 working days of receipt, with a reasonable period to correct; a notice held
        // in review is on time or late by the day it went out.
        const sent = sentOn(field, event);
        const late = sent > noticeDue;
        const reviewed = sent !== d ? `，经审核于 ${sent} 发出` : '';
        step(
          d,
          '第三十条',
          `发出补正通知（应在收到申请之日起 ${deadlines.CORRECTION_NOTICE_WORKDAYS} 个工作日内即 ${noticeDue} 前发出${reviewed}，${late ? '已逾期' : '按期'}）；补正期限 ${event.periodWorkdays} 个工作日，${receipt.text}，至 ${periodEnd}`,
          late,
        );
        receipt.warn();
        continue;
      }
      case 'correctionReceived': {
        if (!correction) throw new ClockError(field, `尚未要求补正，不能登记“${applicationEventLabels.correctionReceived}”`);
        const late = d > correction.periodEnd;
        // 条例 第三十条: 答复期限自行政机关收到补正的申请之日起计算: a restart, not a pause.
        start = d;
        anchor = add(d, deadlines.REPLY_WORKDAYS);
        pauses = pauses.filter((p) => p.end === null).map((p) => ({ ...p, start: d }));
        extended = false;
        correction = null;
        const lateText = late ? `（补正期限已于 ${result.correctionPeriodEnd} 届满，本机关仍予受理）` : '';
        step(d, '第三十条', `收到补正后的申请${lateText}，答复期限自该日起重新计算 ${deadlines.REPLY_WORKDAYS} 个工作日，至 ${anchor}`, late);
        continue;
      }
      case 'consultationStarted': {
        const { article, who } = PARTY[event.party];
        // 第三十二条, 第三十四条: 15 working days "自收到征求意见书之日起" (rule 9); the reply clock's pause starts today.
        const receipt = receiptOf(field, event, article, '征求意见书');
        const due = add(receipt.from, deadlines.CONSULTATION_WORKDAYS);
        pauses.push({ kind: 'consultation', party: event.party, start: d, end: null });
        result.consultations.push({ party: event.party, started: d, due, ended: null });
        const silence = event.party === 'third-party' ? '逾期未提出意见的，由本机关依照条例决定是否公开' : '逾期未提出意见的，视为同意公开';
        step(d, article, `书面征求${who}意见，征求意见期间不计入答复期限；${who}应在 ${deadlines.CONSULTATION_WORKDAYS} 个工作日内（${receipt.text}，${due} 前）提出意见，${silence}`);
        receipt.warn();
        continue;
      }
      case 'consultationEnded': {
        const open = pauses.filter((p) => p.kind === 'consultation' && p.end === null && (!event.party || p.party === event.party));
        if (open.length === 0) throw new ClockError(field, '没有尚未结束的征求意见');
        if (open.length > 1) throw new ClockError(`${field}.party`, '有两项征求意见尚未结束，请指明结束的是哪一项');
        const pause = open[0];
        const before = dueAt(pause.start);
        pause.end = d;
        const record = [...result.consultations].reverse().find((c) => c.party === pause.party && c.ended === null);
        if (record) record.ended = d;
        const after = dueAt(d);
        const days = between(before, after);
        const span = days > 0 ? `${add(pause.start, 1)} 至 ${d} 的 ${days} 个工作日` : '0 个工作日';
        step(d, '第三十三条第三款', `征求${PARTY[pause.party ?? 'third-party'].who}意见结束：${span}不计入答复期限，答复期限顺延至 ${after}`);
        continue;
      }
      case 'extensionApproved': {
        if (extended) throw new ClockError(field, '答复期限只能延长一次（条例第三十三条第二款）');
        const current = dueAt(d);
        if (d > current) throw new ClockError(`${field}.date`, `延长答复期限应在答复期限内批准：答复期限至 ${current}，${d} 已超过期限`);
        extended = true;
        anchor = add(anchor, event.workdays);
        step(d, '第三十三条第二款', `经政府信息公开工作机构负责人同意并告知申请人，延长答复期限 ${event.workdays} 个工作日（原期限 ${current}），答复期限延至 ${dueAt(d)}`);
        continue;
      }
      case 'feeNoticeIssued': {
        if (fee) throw new ClockError(field, `${fee.start} 发出的收费通知尚未缴费或减免，不能再次发出收费通知`);
        const current = dueAt(d);
        // 国办函〔2020〕109号 第六条: 20 working days "自收到收费通知的次日起" (rule 9): day 1 is the working day after receipt.
        const receipt = receiptOf(field, event, '国办函〔2020〕109号第六条', '收费通知');
        const payBy = add(receipt.from, deadlines.FEE_PAYMENT_WORKDAYS);
        result.feePaymentEnd = payBy;
        fee = { kind: 'fee', start: d, end: null };
        if (policy.feePausesClock) pauses.push(fee);
        const pause = policy.feePausesClock ? '；按本机关规定，缴费期间不计入答复期限' : '';
        const sent = sentOn(field, event);
        const late = sent > current;
        const lateText = late ? `（应在答复期限 ${current} 内发出，${sent !== d ? `经审核于 ${sent} 发出，` : ''}已逾期）` : '';
        step(d, '第四十二条、国办函〔2020〕109号', `发出收费通知${lateText}；申请人应在 ${deadlines.FEE_PAYMENT_WORKDAYS} 个工作日内（${receipt.text}，${payBy} 前）缴费，逾期视为放弃申请${pause}`, late);
        receipt.warn();
        continue;
      }
      case 'feePaid':
      case 'feeWaived': {
        if (!fee) throw new ClockError(field, `尚未发出收费通知，不能登记“${applicationEventLabels[event.type]}”`);
        const before = dueAt(fee.start);
        fee.end = d;
        fee = null;
        const moved = policy.feePausesClock ? `，答复期限顺延至 ${dueAt(d)}（共 ${between(before, dueAt(d))} 个工作日）` : '';
        if (event.type === 'feeWaived') {
          step(d, '第四十二条', `本机关决定不再收取信息处理费（减免），继续办理${moved}`);
          continue;
        }
        const late = d > (result.feePaymentEnd ?? d);
        step(d, '国办函〔2020〕109号', `申请人缴费${late ? '（已超过缴费期限，本机关仍予受理）' : ''}${moved}`, late);
        continue;
      }
      case 'agencySetDeadline': {
        if (event.due < d) throw new ClockError(`${field}.due`, `确定的答复期限不能早于确定之日：${event.due} 早于 ${d}`);
        // 条例 第三十五条: the agency sets a reasonable deadline; it replaces the statutory one outright.
        anchor = event.due;
        pauses = pauses.filter((p) => p.end === null).map((p) => ({ ...p, start: d }));
        step(d, '第三十五条', `申请数量、频次明显超过合理范围，本机关确定延迟答复并告知申请人，答复期限定为 ${event.due}`);
        continue;
      }
      case 'replied': {
        replied = d;
        continue;
      }
    }
  }

  const finish = (r: Omit<ClockResult, 'received' | 'provisional' | 'deadlines' | 'steps' | 'calendarVersion'>): ClockResult => ({
    due: r.due,
    state: r.state,
    workdaysLeft: r.workdaysLeft,
    provisional,
    onTime: r.onTime,
    abandoned: r.abandoned,
    received,
    deadlines: result,
    steps,
    calendarVersion: calendar.version,
  });

  const later = allEvents.length - events.length;
  if (later > 0) step(today, '—', `另有 ${later} 个晚于今日的事件未计入`, true);

  if (replied !== null) {
    const due = dueAt(replied);
    const onTime = replied <= due;
    step(replied, '第三十三条', `作出答复（答复期限 ${due}，${onTime ? '按期' : '逾期'}）`, !onTime);
    return finish({ due, state: 'replied', workdaysLeft: null, onTime, abandoned: false });
  }

  if (correction) {
    // 条例 第三十条: 无正当理由逾期不补正的，视为放弃申请.
    const abandonedOn = add(correction.periodEnd, 1);
    if (today >= abandonedOn) {
      step(abandonedOn, '第三十条', `补正期限 ${correction.periodEnd} 届满，申请人未补正，视为放弃申请`);
      return finish({ due: null, state: 'abandoned', workdaysLeft: null, onTime: null, abandoned: true });
    }
    const due = dueAt(today);
    step(today, '第三十条', `等待补正（补正期限至 ${correction.periodEnd}）；收到补正后答复期限重新计算`);
    return finish({ due, state: 'awaiting-correction', workdaysLeft: between(today, due), onTime: null, abandoned: false });
  }

  if (fee && result.feePaymentEnd) {
    const abandonedOn = add(result.feePaymentEnd, 1);
    if (today >= abandonedOn) {
      step(abandonedOn, '国办函〔2020〕109号', `缴费期限 ${result.feePaymentEnd} 届满，申请人未缴费，视为放弃申请`);
      return finish({ due: null, state: 'abandoned', workdaysLeft: null, onTime: null, abandoned: true });
    }
  }

  for (const c of result.consultations) {
    if (c.ended === null && today > c.due) {
      step(c.due, '第三十三条第三款', `${PARTY[c.party].who}的 ${deadlines.CONSULTATION_WORKDAYS} 个工作日意见期限已届满，应记录征求意见结束`, true);
    }
  }

  const due = dueAt(today);
  const open = pauses.filter((p) => p.end === null && p.start <= today).sort((a, b) => (a.start < b.start ? -1 : 1))[0];
  if (open) {
    // docs/clock.md rule 3: while paused, the working days left stay at their value on the pause's first day.
    const left = between(open.start, dueAt(open.start));
    return finish({ due, state: 'paused', workdaysLeft: left, onTime: null, abandoned: false });
  }
  const left = between(today, due);
  const state: ClockState = today > due ? 'overdue' : today === due ? 'due-today' : left > DUE_SOON_WORKDAYS ? 'running' : 'due-soon';
  return finish({ due, state, workdaysLeft: left, onTime: null, abandoned: false });
}
