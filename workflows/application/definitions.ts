import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { DecisionInput } from '../../domain/application/decision';
import type { ApplicationRoster, ApplicationState, DeliveredNotice, DeliveryMethod, ReceiptNotice } from '../../domain/application/state';
import type { CalendarData, CivilDate } from '../../domain/calendar';
import type { ClockPolicy, ConsultationParty } from '../../domain/clock';
import type { NoticeDeliveryMethod } from '../../domain/clock/events';

/** Started by the intake service once the application is in the register; the ID is `application-{id}`. */
export interface HandleApplicationInput {
  id: string;
  policy?: ClockPolicy;
  /**
   * Run the reply letter through the child `reviewItem` (承办人 → 科室负责人 → 分管领导): the default. `false`
   * issues the rendered letter unreviewed (tests of the statutory clock that do not walk the review).
   */
  reviewLetter?: boolean;
  /** Days the intake actor took: the workflow records who registered it. */
  registeredBy: string;
  /**
   * Set only by the workflow itself when it continues as new (issue 16): the case as the previous run left it. A run
   * started with it resumes there: no receipt again, nothing recorded twice.
   */
  continued?: ContinuedApplication;
  /**
   * Tests only: continue as new once the history passes this many events instead of `CONTINUE_AS_NEW_AFTER_EVENTS`
   * (handleApplication.ts), so a test can force it with a short history. Kept across the continuation.
   */
  continueAsNewAfterEvents?: number;
}

/**
 * What a run of `handleApplication` hands to the next when it continues as new: the whole state, the calendar its
 * clock was computed with, what the validators need at once (roster, email), the queued calendar signals, what was
 * told once (so it is not told again) and the versioned behaviours the case started with. Timers are not carried:
 * the next run plans its next check from the state.
 */
export interface ContinuedApplication {
  state: ApplicationState;
  calendar: CalendarData;
  roster: ApplicationRoster;
  hasEmail: boolean;
  recomputeRequests: { reason: string; calendar?: CalendarData; version?: string }[];
  correctionNoticeReminded: boolean;
  receiptMissingToldOf: string[];
  /** The day the roster was last loaded. */
  checkedOn: CivilDate | '';
  /** The `patched()` answers of the first run, so a case keeps the behaviour it started with. */
  flags: {
    periodsFromReceipt: boolean; noticeDocuments: boolean; sleepToInstant: boolean; skipSameVersion: boolean; remindersOnce: boolean; localRegister: boolean;
    /** Absent in continuations carried before 'notice-review' and 'application-2026-12'. */
    noticeReview?: boolean;
    current?: boolean;
  };
  /** How many runs came before this one. */
  runs: number;
}

// The state and its parts are the domain's (`domain/application/state.ts`); re-exported for the client, which reads them here.
export type {
  ApplicationStage, ApplicationState, ApplicationStep, DeadlineChange, DeliveredNotice, DeliveryMethod, ReceiptNotice,
} from '../../domain/application/state';

/** Every update names its actor: the validator checks the actor's role against the roster before anything is written. */
interface Actor {
  actor: string;
}

/** The disclosure office (a member, or the office head) assigns or reassigns the handler. */
export const assignUpdate = defineUpdate<ApplicationState, [Actor & { handler: string }]>('assign');
/** A handler of the disclosure office claims an unassigned application. */
export const claimUpdate = defineUpdate<ApplicationState, [Actor]>('claim');
/** 条例 第三十条: the handler sends one 补正 notice listing everything, with the period to correct. */
export const requestCorrectionUpdate = defineUpdate<ApplicationState, [Actor & { items: string[]; periodWorkdays: number }]>('requestCorrection');
/** 条例 第三十条: the corrected application arrived on `date` (defaults to today); the clock restarts. */
export const correctionReceivedUpdate = defineUpdate<ApplicationState, [Actor & { date?: string }]>('correctionReceived');
/** 条例 第三十二条 / 第三十四条: the handler sends a consultation letter; the main clock pauses. */
export const consultUpdate = defineUpdate<ApplicationState, [Actor & { party: ConsultationParty; addressee: string }]>('consult');
/** The consulted party answered on `date`; `reply` is what it said (objection, consent...). */
export const consultationReplyUpdate = defineUpdate<ApplicationState, [Actor & { party: ConsultationParty; reply: string; date?: string }]>('consultationReply');
/** 条例 第三十三条第二款: the handler asks for an extension with a reason. */
export const requestExtensionUpdate = defineUpdate<ApplicationState, [Actor & { reason: string; workdays?: number }]>('requestExtension');
/** The head of the disclosure office approves or refuses the pending extension, before the due date. */
export const decideExtensionUpdate = defineUpdate<ApplicationState, [Actor & { approve: boolean; note?: string }]>('decideExtension');
/** 国办函〔2020〕109号: the handler issues a fee notice; 20 working days to pay. */
export const issueFeeNoticeUpdate = defineUpdate<ApplicationState, [Actor & { method: 'perApplication'; monthlyCount: number } | Actor & { method: 'perPage'; pages: number }]>('issueFeeNotice');
/** The applicant paid on `date`. */
export const feePaidUpdate = defineUpdate<ApplicationState, [Actor & { date?: string }]>('feePaid');
/** 条例 第四十二条: the agency waives the fee it noticed (减免), with its reason; the applicant is told and the case goes on. */
export const waiveFeeUpdate = defineUpdate<ApplicationState, [Actor & { reason: string }]>('waiveFee');
/** 条例 第三十五条: ask the applicant to explain a massive or repeated request. */
export const askReasonsUpdate = defineUpdate<ApplicationState, [Actor]>('askReasons');
/** 条例 第三十五条: reasons judged reasonable, so the agency sets a deadline (`due`), informing the applicant. */
export const setAgencyDeadlineUpdate = defineUpdate<ApplicationState, [Actor & { due: string; reason: string }]>('setAgencyDeadline');
/** The handler decides: exactly one outcome with its fields; the reply letter then goes to review. */
export const decideUpdate = defineUpdate<ApplicationState, [Actor & { decision: DecisionInput }]>('decide');
/**
 * clock-events rule 9 (docs/clock.md): the addressee received the 补正 notice (条例 第三十条), the fee notice
 * (国办函〔2020〕109号第六条) or a consultation letter (第三十二条/第三十四条) on `deliveredOn`, by `deliveredBy`
 * (direct: 直接送达 signed; post: 邮寄 signed; electronic). The addressee's period is counted from that day. Once per
 * notice. The delivery of a notice with no period (`DeliveredNotice`) is recorded as a fact.
 */
export const recordNoticeReceiptUpdate = defineUpdate<
  ApplicationState,
  [Actor & { notice: ReceiptNotice | DeliveredNotice; party?: ConsultationParty; deliveredOn: string; deliveredBy: NoticeDeliveryMethod }]
>('recordNoticeReceipt');
/** Issue 15 §3: the handler sends a notice that did not pass its review to review again (a new round). */
export const resubmitNoticeUpdate = defineUpdate<ApplicationState, [Actor & { key: string }]>('resubmitNotice');
/** 国办公开办函〔2016〕235号: the reply's legal time point is the signature date or the posting date. */
export const recordDeliveryUpdate = defineUpdate<ApplicationState, [Actor & { method: DeliveryMethod; date?: string }]>('recordDelivery');

/**
 * After a calendar import or override, the calendar service sends the shared `recomputeDeadlines` signal
 * (`workflows/recompute.ts`) carrying the whole calendar: the workflow recomputes its due date with it and
 * records the change with the reason and the version. Nobody waits. (Signals sent before the calendar was
 * carried, `{ reason, calendarVersion? }`, still work: the workflow loads the register's calendar itself.)
 */
export { recomputeDeadlinesSignal, type RecomputeDeadlines } from '../recompute';

/** The state with the clock and its explanation, the steps done and the documents. */
export const stateQuery = defineQuery<ApplicationState>('state');
