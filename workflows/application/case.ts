import { ApplicationFailure, proxyActivities, proxyLocalActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { ApplicationRoster, NoticeKind } from '../../activities/application';
import { documentKindName } from '../../domain/application/documents';
import { Calendar, endOfBeijingDay, shanghaiDate, type CalendarData, type CivilDate } from '../../domain/calendar';
import { ClockError, computeClock, openWindow, type ClockEvent, type ClockPolicy, type ConsultationParty } from '../../domain/clock';
import type { OutcomeKey } from '../../domain/outcomes';
import { dueAttr, holderAttr, kindAttr, stageAttr, statusAttr } from '../searchAttributes';
import { localRegisterOptions, mailOptions, registerOptions } from '../activityOptions';
import type * as d from './definitions';

export const { renderReplyLetter, renderNotice } = proxyActivities<Activities>(registerOptions);
const remoteRegister = proxyActivities<Activities>(registerOptions);
const localRegister = proxyLocalActivities<Activities>(localRegisterOptions);
export const { notifyApplicant, notifyStaff } = proxyActivities<Activities>(mailOptions);

/** The notices whose receipt is recorded, as the steps and the staff's emails name them. */
export const RECEIPT_NOTICE_TEXT: Record<d.ReceiptNotice, string> = { correction: '补正告知书', fee: '收费通知书', consultation: '征求意见函' };

/** The title of each notice, as the steps name it. */
export const NOTICE_TITLE = (kind: NoticeKind): string => documentKindName(`notice-${kind}`);

/** Refuses an update in its validator: nothing has changed yet, and the caller reads the message. */
export const refuse = (type: string, message: string): never => {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
};

/**
 * One application's case inside its `handleApplication` execution: the state the query shows, the calendar and
 * roster that activities delivered, the checks every update's validator makes, and the write of each step to the
 * register. The handlers (`updates.ts`), the daily check (`daily.ts`) and the letter (`letter.ts`) share it.
 */
export class ApplicationCase {
  readonly state: d.ApplicationState;
  readonly policy: ClockPolicy;
  calendar: Calendar | null = null;
  roster: ApplicationRoster = { office: [], officeHeads: [], handlers: [], supervisors: [] };
  hasEmail = false;
  /** Set by anything the main loop must look at before its next daily check. */
  wake = false;
  /**
   * Queued `recomputeDeadlines` signals. Without `calendar` (sent before it was carried, or since issue 16 with only
   * the version and the changed days) the case loads the register's calendar through an activity.
   */
  recomputeRequests: { reason: string; calendar?: CalendarData; version?: string }[] = [];
  letterRunning = false;
  correctionNoticeReminded = false;
  /**
   * Since 'periods-from-receipt' (set once, at the start of the execution): an automatic ending (视为放弃, a
   * consultation's silence) waits for the recorded receipt of its notice (clock-events rule 9). Executions started
   * before it end on the period counted from the sending day, as they always did.
   */
  periodsFromReceipt = false;
  /**
   * Since 'notice-documents' (set once, at the start): each notice to the applicant or a consulted party is also
   * a numbered DOCX among the case's documents, emailed or not (issue 15 part 3). Older executions email only.
   */
  noticeDocuments = false;
  /**
   * Since 'sleep-to-next-instant' (set once, at the start): between changes the case sleeps until the next day its
   * check has something to do, instead of waking every day (issue 16). Older executions keep their daily wake.
   */
  sleepToInstant = false;
  /** Since 'recompute-same-version' (set once, at the start): a resend of the calendar version in force records nothing. */
  skipSameVersion = false;
  /**
   * The register's reads and writes (the step records, the roster, the calendar): local activities since
   * 'register-local-activities' (set once, at the start: issue 16, fewer history events), normal ones before.
   */
  register: Pick<Activities, 'loadApplicationContext' | 'loadApplicationCalendar' | 'loadApplicationRoster' | 'recordApplicationStep'> = remoteRegister;
  useLocalRegister(): void {
    this.register = localRegister;
  }
  /** The notices whose missing receipt the handler was told about (once each). */
  private receiptMissingToldOf = new Set<string>();
  private stepKey = 0;

  constructor(readonly input: d.HandleApplicationInput) {
    this.policy = input.policy ?? { feePausesClock: true };
    this.state = {
      id: input.id,
      policy: this.policy,
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
      notices: [],
    };
  }

  get id(): string {
    return this.state.id;
  }
  today(): CivilDate {
    return shanghaiDate(Date.now());
  }
  cal(): Calendar {
    return this.calendar ?? refuse('NotReady', 'the application is still starting; try again');
  }
  recompute(): void {
    this.state.clock = computeClock(this.state.events, this.policy, this.cal(), this.today());
  }
  lastEventDate(): string {
    return this.state.events[this.state.events.length - 1]?.date ?? '0000-00-00';
  }
  step(actor: string, action: string, detail?: string): void {
    this.state.steps.push({ date: this.today(), actor, action, detail });
  }

  /** Writes the step to the register (idempotent by a key from this run's sequence) with the case's current row fields. */
  async record(type: string, actor: string, date: CivilDate, detail?: unknown): Promise<void> {
    this.recompute();
    const s = this.state;
    await this.register.recordApplicationStep({
      id: s.id,
      key: `${workflowInfo().runId}/${++this.stepKey}-${type}`,
      date,
      type,
      actor,
      detail,
      patch: {
        stage: s.stage,
        handler: s.handler,
        due_date: s.clock?.due ?? null,
        calendar_version: this.cal().version,
        status: s.stage === 'closed' ? 'closed' : 'open',
        outcome: s.outcome,
        decision: s.decision ? JSON.stringify(s.decision) : null,
        closed_date: s.closedDate,
        ...this.openWindowPatch(),
      },
    });
    this.publishSearchAttributes();
    this.wake = true;
  }

  /** The days a calendar change must touch to move this case (issue 16): the fan-out reaches only those cases. */
  private openWindowPatch() {
    const clock = this.state.clock;
    if (!clock || this.state.stage === 'closed') return { open_from: null, open_until: null, dates_provisional: null };
    const w = openWindow(clock, this.cal());
    return { open_from: w.from, open_until: w.until, dates_provisional: w.provisional ? 1 : 0 };
  }

  private publishSearchAttributes(): void {
    // No personal data: the business state, the handler's staff ID and the due date only.
    const s = this.state;
    const due = s.clock?.due;
    upsertSearchAttributes([
      { key: kindAttr, value: 'application' },
      { key: statusAttr, value: s.stage === 'closed' ? 'closed' : 'open' },
      { key: stageAttr, value: s.stage },
      { key: holderAttr, value: s.handler ?? 'unassigned' },
      { key: dueAttr, value: due ? endOfBeijingDay(due) : null },
    ]);
  }

  // ---- who may act (the roster comes from the register through an activity) ----
  mustBeOffice(actor: string): void {
    if (!this.roster.office.includes(actor) && !this.roster.officeHeads.includes(actor)) {
      refuse('Forbidden', `${actor} is not in the disclosure office (政务公开办公室): only its members assign applications`);
    }
  }
  mustBeHandler(actor: string): void {
    const h = this.state.handler;
    if (h !== actor) refuse('Forbidden', `${actor} is not the handler of ${this.id}${h ? ` (${h} is)` : ' (nobody has claimed it)'}`);
  }
  mustBeStage(action: string, ...stages: d.ApplicationStage[]): void {
    if (!stages.includes(this.state.stage)) refuse('WrongStage', `${action}: not possible while the application is ${this.state.stage} (needs ${stages.join(' or ')})`);
  }
  /** A date given for a past fact: not in the future, not before the last recorded event (the events stay in order). */
  pastDate(field: string, date: string | undefined): CivilDate {
    const value = date ?? this.today();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) refuse('InvalidInput', `${field}: not a YYYY-MM-DD date`);
    if (value > this.today()) refuse('InvalidInput', `${field}: ${value} is in the future`);
    if (value < this.lastEventDate()) refuse('InvalidInput', `${field}: ${value} is before the last recorded event (${this.lastEventDate()})`);
    return value;
  }
  /** Runs the clock over the events plus `next`: the clock's own rules (extension once, before the due date...) refuse it. */
  clockAccepts(next: ClockEvent): void {
    this.clockAcceptsEvents([...this.state.events, next]);
  }
  /** Runs the clock over `events` (the recorded ones with one changed): the clock's own rules refuse it. */
  clockAcceptsEvents(events: ClockEvent[]): void {
    try {
      computeClock(events, this.policy, this.cal(), this.today());
    } catch (e) {
      if (e instanceof ClockError) refuse('ClockRule', e.message);
      throw e;
    }
  }
  /**
   * The index in `state.events` of the open notice whose receipt can be recorded: the 补正 notice while the case
   * awaits the correction, the fee notice while it awaits payment, the letter of the open consultation of `party`.
   */
  openNoticeEvent(notice: d.ReceiptNotice, party?: ConsultationParty): number {
    const lastIndex = (ok: (e: ClockEvent) => boolean) => {
      for (let i = this.state.events.length - 1; i >= 0; i--) if (ok(this.state.events[i])) return i;
      return -1;
    };
    if (notice === 'correction') return this.state.stage === 'awaitingCorrection' ? lastIndex((e) => e.type === 'correctionRequested') : -1;
    if (notice === 'fee') return this.state.stage === 'awaitingFee' ? lastIndex((e) => e.type === 'feeNoticeIssued') : -1;
    const open = this.openConsultation(party);
    return open ? lastIndex((e) => e.type === 'consultationStarted' && e.party === open.party) : -1;
  }
  /** Whether the receipt of that open notice is recorded (`deliveredOn`). */
  receiptRecorded(notice: d.ReceiptNotice, party?: ConsultationParty): boolean {
    const e = this.state.events[this.openNoticeEvent(notice, party)] as { deliveredOn?: string } | undefined;
    return e?.deliveredOn !== undefined;
  }
  receiptMissingTold(notice: d.ReceiptNotice, party?: ConsultationParty): boolean {
    return this.receiptMissingToldOf.has(`${notice}/${party ?? ''}`);
  }
  /**
   * clock-events rule 9: the period counted from the sending day has run, but nobody recorded when the addressee
   * received the notice, so its real end is unknown. The case does not end by itself; the handler (or the office)
   * is told once to record the receipt.
   */
  async receiptMissing(notice: d.ReceiptNotice, periodEnd: CivilDate, party?: ConsultationParty): Promise<void> {
    if (this.receiptMissingTold(notice, party)) return;
    this.receiptMissingToldOf.add(`${notice}/${party ?? ''}`);
    const what = RECEIPT_NOTICE_TEXT[notice];
    this.step('system', 'noticeReceiptMissing', `${what}的送达日期未记录：自发出之日起算的期限已于 ${periodEnd} 届满，不自动办结，请登记对方收到之日`);
    const to = this.state.handler ? [this.state.handler] : this.roster.office;
    await notifyStaff({ userIds: to, template: 'application-receipt-missing', vars: { id: this.id, notice: what, periodEnd } });
    await this.record('noticeReceiptMissing', 'system', this.today(), { notice, ...(party ? { party } : {}), periodEnd });
  }
  /** Renders a notice as a document (`renderNotice`, idempotent by `key`) and keeps it in the state; see `noticeDocuments`. */
  async notice(kind: NoticeKind, key: string, vars: Record<string, string | number>): Promise<void> {
    if (!this.noticeDocuments) return;
    const date = this.today();
    const doc = await renderNotice({ id: this.id, kind, key, date, vars });
    this.state.notices.push({ kind, key, date, path: doc.path, sha256: doc.sha256 });
    this.step('system', 'noticeRendered', `${NOTICE_TITLE(kind)}：${doc.path}`);
  }
  openConsultation(party?: string): d.ApplicationState['consultations'][number] | undefined {
    return this.state.consultations.find((c) => c.ended === null && (!party || c.party === party));
  }
  decisionContext() {
    const s = this.state;
    return {
      correctionReceived: s.correction?.received === true,
      art35Asked: s.art35 !== null,
      consultedThirdParty: s.consultations.some((c) => c.party === 'third-party'),
    };
  }
  assignedVars(by: string) {
    const s = this.state;
    const dup = s.possibleDuplicates.length ? `可能重复的申请：${s.possibleDuplicates.join('、')}，请核查（条例第三十六条第（六）项）。` : '';
    return { id: s.id, by, received: s.clock?.received ?? '', due: s.clock?.due ?? '', duplicates: dup };
  }

  // ---- transitions shared by handlers and the daily check ----
  async endConsultation(actor: string, party: string, on: CivilDate, reply: string): Promise<void> {
    const c = this.openConsultation(party)!;
    c.ended = on;
    c.reply = reply;
    this.state.events.push({ type: 'consultationEnded', date: on, party: c.party });
    this.step(actor, 'consultationEnded', `${c.party}: ${reply}`);
    await this.record('consultationEnded', actor, on, { party: c.party, reply });
  }

  async close(actor: string, outcome: OutcomeKey, on: CivilDate, how: string): Promise<void> {
    const s = this.state;
    s.outcome = outcome;
    s.closedDate = on;
    s.stage = 'closed';
    this.step(actor, 'close', `${outcome} (${how})`);
    await this.record('closed', actor, on, { outcome, how });
  }
}
