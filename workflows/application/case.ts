import { ApplicationFailure, proxyActivities, proxyLocalActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { documentKindName } from '../../domain/application/documents';
import { initialApplicationState, type ApplicationRoster, type ApplicationState, type NoticeKind, type ReceiptNotice } from '../../domain/application/state';
import { noticeToReview, reviewableNotice } from '../../domain/application/noticeReview';
import { noticeRendered, receiptMissing } from '../../domain/application/system';
import type { CaseContext, Effect, Transition } from '../../domain/application/transition';
import { Calendar, endOfBeijingDay, shanghaiDate, type CalendarData, type CivilDate } from '../../domain/calendar';
import { computeClock, openWindow, type ClockPolicy, type ConsultationParty } from '../../domain/clock';
import type { Refusal } from '../../domain/failures';
import { dueAttr, holderAttr, kindAttr, stageAttr, statusAttr } from '../searchAttributes';
import { localRegisterOptions, mailOptions, registerOptions } from '../activityOptions';
import type * as d from './definitions';

export const { renderReplyLetter, renderNotice } = proxyActivities<Activities>(registerOptions);
const remoteRegister = proxyActivities<Activities>(registerOptions);
const localRegister = proxyLocalActivities<Activities>(localRegisterOptions);
export const { notifyApplicant, notifyStaff } = proxyActivities<Activities>(mailOptions);

/** Refuses an update in its validator: nothing has changed yet, and the caller reads the message. */
export function refuse(r: Refusal | undefined): void {
  if (r) throw ApplicationFailure.create({ type: r.kind, message: r.message, nonRetryable: true });
}

/**
 * One application's case inside its `handleApplication` execution: the state the query shows (turned into the next
 * by the pure commands of `domain/application`), the calendar and roster that activities delivered, and the effects
 * of each transition run through activities. The handlers (`updates.ts`), the daily check (`daily.ts`) and the
 * letter (`letter.ts`) share it.
 */
export class ApplicationCase {
  state: ApplicationState;
  readonly policy: ClockPolicy;
  calendar: Calendar | null = null;
  /** The data `calendar` was built from: carried when the case continues as new. */
  private calendarData: CalendarData | null = null;
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
   * Since 'notice-review' (set once, at the start): a notice the agency's policy says is reviewed goes out (and its
   * email to the applicant) only once its child `reviewItem` approves it (issue 15 §3). Older executions issue at once.
   */
  noticeReview = false;
  /** The notices whose review child runs now (beside the loop, as the reply letter's). */
  readonly noticeReviewsRunning = new Set<string>();
  /** The text each notice was rendered with in this run, for its review (rendered again when not here). */
  readonly noticeTexts = new Map<string, string>();
  /**
   * Since 'sleep-to-next-instant' (set once, at the start): between changes the case sleeps until the next day its
   * check has something to do, instead of waking every day (issue 16). Older executions keep their daily wake.
   */
  sleepToInstant = false;
  /** Since 'recompute-same-version' (set once, at the start): a resend of the calendar version in force records nothing. */
  skipSameVersion = false;
  /** Since 'reminders-once' (set once, at the start): a wake on a reminder day does not send the reminder again. */
  remindersOnce = false;
  /**
   * Since 'application-2026-12' (set once, at the start): every earlier patch is on without asking it (issue 16: one
   * marker instead of one per patch), and the search attributes are upserted only when they change, not after every
   * register write (one history event each; older executions upsert every time). Carried as the other flags are.
   */
  current = false;
  /** What this run last upserted (a new run, continued as new, upserts once at its start). */
  private published = '';
  /**
   * The register's reads and writes (the step records, the roster, the calendar): local activities since
   * 'register-local-activities' (set once, at the start: issue 16, fewer history events), normal ones before.
   */
  register: Pick<Activities, 'loadApplicationContext' | 'loadApplicationCalendar' | 'loadApplicationRoster' | 'recordApplicationStep'> = remoteRegister;
  private usesLocalRegister = false;
  useLocalRegister(): void {
    this.register = localRegister;
    this.usesLocalRegister = true;
  }
  /** The notices whose missing receipt the handler was told about (once each). */
  private receiptMissingToldOf = new Set<string>();
  private stepKey = 0;

  constructor(readonly input: d.HandleApplicationInput) {
    this.policy = input.policy ?? { feePausesClock: true };
    this.state = initialApplicationState(input.id, this.policy);
  }

  get id(): string {
    return this.state.id;
  }
  /** The calendar the clock is computed with (from the register at start, or a `recomputeDeadlines` signal). */
  useCalendar(data: CalendarData): void {
    this.calendar = new Calendar(data);
    this.calendarData = data;
  }

  /** What the next run needs to go on where this one stops (continue-as-new, issue 16). */
  carry(checkedOn: CivilDate | '', runs: number): d.ContinuedApplication {
    return {
      state: this.state,
      calendar: this.calendarData!,
      roster: this.roster,
      hasEmail: this.hasEmail,
      recomputeRequests: this.recomputeRequests,
      correctionNoticeReminded: this.correctionNoticeReminded,
      receiptMissingToldOf: [...this.receiptMissingToldOf],
      checkedOn,
      flags: {
        periodsFromReceipt: this.periodsFromReceipt,
        noticeDocuments: this.noticeDocuments,
        noticeReview: this.noticeReview,
        sleepToInstant: this.sleepToInstant,
        skipSameVersion: this.skipSameVersion,
        remindersOnce: this.remindersOnce,
        localRegister: this.usesLocalRegister,
        current: this.current,
      },
      runs,
    };
  }

  /**
   * Takes over the case a previous run carried (synchronously, before the first await: the first update or query of
   * this run already sees it). The versioned behaviours are the ones the case started with, not this run's answers.
   */
  resume(k: d.ContinuedApplication): void {
    this.state = k.state;
    this.useCalendar(k.calendar);
    this.roster = k.roster;
    this.hasEmail = k.hasEmail;
    this.recomputeRequests = k.recomputeRequests;
    this.correctionNoticeReminded = k.correctionNoticeReminded;
    this.receiptMissingToldOf = new Set(k.receiptMissingToldOf);
    this.periodsFromReceipt = k.flags.periodsFromReceipt;
    this.noticeDocuments = k.flags.noticeDocuments;
    this.noticeReview = k.flags.noticeReview ?? false;
    this.sleepToInstant = k.flags.sleepToInstant;
    this.skipSameVersion = k.flags.skipSameVersion;
    this.remindersOnce = k.flags.remindersOnce;
    this.current = k.flags.current ?? false;
    this.register = k.flags.localRegister ? localRegister : remoteRegister;
    this.usesLocalRegister = k.flags.localRegister;
  }
  today(): CivilDate {
    return shanghaiDate(Date.now());
  }
  cal(): Calendar {
    if (!this.calendar) refuse({ kind: 'NotReady', message: '申请仍在启动，请稍后再试' });
    return this.calendar!;
  }
  /** What the commands need besides the state; refuses while the case is still starting. */
  context(): CaseContext {
    return { today: this.today(), calendar: this.cal(), roster: this.roster, hasEmail: this.hasEmail };
  }
  recompute(): void {
    this.state.clock = computeClock(this.state.events, this.policy, this.cal(), this.today());
  }

  /** Takes the transition's state, then runs its effects in order. */
  async run(t: Transition): Promise<void> {
    this.state = t.state;
    for (const e of t.effects) await this.effect(e);
  }

  private async effect(e: Effect): Promise<void> {
    switch (e.kind) {
      case 'record':
        return this.record(e.type, e.actor, e.date, e.detail);
      case 'notice':
        return this.notice(e.notice, e.key, e.vars, e.email);
      case 'notifyApplicant':
        await notifyApplicant({ id: this.id, template: e.template, vars: e.vars });
        return;
      case 'notifyStaff':
        await notifyStaff({ userIds: e.userIds, template: e.template, vars: e.vars });
        return;
    }
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

  publishSearchAttributes(): void {
    // No personal data: the business state, the handler's staff ID and the due date only.
    const s = this.state;
    const due = s.clock?.due;
    const values = { status: s.stage === 'closed' ? 'closed' : 'open', stage: s.stage, holder: s.handler ?? 'unassigned', due: due ?? null };
    const key = JSON.stringify(values);
    if (this.current && key === this.published) return;
    this.published = key;
    upsertSearchAttributes([
      { key: kindAttr, value: 'application' },
      { key: statusAttr, value: values.status },
      { key: stageAttr, value: values.stage },
      { key: holderAttr, value: values.holder },
      { key: dueAttr, value: due ? endOfBeijingDay(due) : null },
    ]);
  }

  receiptMissingTold(notice: ReceiptNotice, party?: ConsultationParty): boolean {
    return this.receiptMissingToldOf.has(`${notice}/${party ?? ''}`);
  }
  /**
   * clock-events rule 9: the period counted from the sending day has run, but nobody recorded when the addressee
   * received the notice, so its real end is unknown. The case does not end by itself; the handler (or the office)
   * is told once to record the receipt.
   */
  async receiptMissing(notice: ReceiptNotice, periodEnd: CivilDate, party?: ConsultationParty): Promise<void> {
    if (this.receiptMissingTold(notice, party)) return;
    this.receiptMissingToldOf.add(`${notice}/${party ?? ''}`);
    await this.run(receiptMissing(this.state, this.context(), notice, periodEnd, party));
  }
  /**
   * Renders a notice as a document (`renderNotice`, idempotent by `key`) and keeps it in the state (see
   * `noticeDocuments`), then emails the applicant; or, where the policy says notices are reviewed, sends it to review
   * and holds the email until it is issued (see `noticeReview`).
   */
  async notice(kind: NoticeKind, key: string, vars: Record<string, string | number>, email?: { template: string; vars: Record<string, string | number> }): Promise<void> {
    if (this.noticeDocuments) {
      const date = this.today();
      const doc = await renderNotice({ id: this.id, kind, key, date, vars });
      this.state = noticeRendered(this.state, this.context(), { kind, key, date, path: doc.path, sha256: doc.sha256 }, documentKindName(`notice-${kind}`));
      if (this.noticeReview && doc.review && reviewableNotice(kind)) {
        this.noticeTexts.set(key, doc.text);
        // The loop starts the child review (`noticeReview.ts`).
        return this.run(noticeToReview(this.state, this.context(), key, vars, email));
      }
    }
    if (email) await notifyApplicant({ id: this.id, template: email.template, vars: email.vars });
  }
}
