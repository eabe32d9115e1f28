import type { CivilDate } from '../calendar/civil-date';
import type { ClockEvent, ClockPolicy, ClockResult, ConsultationParty, NoticeDeliveryMethod } from '../clock';
import type { Decision } from './decision';

/**
 * The state of one disclosure application (依申请公开) as its `handleApplication` execution holds it and the `state`
 * query returns it: plain JSON. The commands (`commands.ts`, `clockCommands.ts`) turn one state into the next.
 */
export type ApplicationStage =
  | 'unassigned'
  | 'handling'
  | 'awaitingCorrection'
  | 'awaitingFee'
  | 'awaitingReasons'
  | 'letterReview'
  | 'awaitingDelivery'
  | 'closed';

export interface ApplicationStep {
  date: string;
  actor: string;
  action: string;
  detail?: string;
}

export interface DeadlineChange {
  date: string;
  reason: string;
  calendarVersion: string;
  from: string | null;
  to: string | null;
}

/** 国办公开办函〔2016〕235号: the reply's legal time point is the signature date or the posting date. */
export type DeliveryMethod = 'signed' | 'posted' | 'email' | 'onSite';

/** The notices whose receipt starts the addressee's period (clock-events rule 9). */
export type ReceiptNotice = 'correction' | 'fee' | 'consultation';
/** Notices with no period of the addressee's: their delivery is recorded as a fact (documents since 'notice-documents'). */
export type DeliveredNotice = 'receipt' | 'extension' | 'art35';

/** The notices rendered as documents (issue 15 part 3): templates/letters/notice-<kind>.txt. */
export type NoticeKind = 'receipt' | 'correction' | 'extension' | 'fee' | 'consultation-third-party' | 'consultation-other-agency' | 'art35';

/** Who may act on applications: read from the register at start and on each working day. */
export interface ApplicationRoster {
  /** Members of the disclosure office (政务公开办公室): assign, see unmasked data. */
  office: string[];
  /** 政府信息公开工作机构负责人 (条例 第三十三条第二款): approve extensions. */
  officeHeads: string[];
  handlers: string[];
  supervisors: string[];
}

export interface Consultation {
  party: ConsultationParty;
  addressee: string;
  started: string;
  due: string;
  ended: string | null;
  reply: string | null;
}

export interface ApplicationState {
  id: string;
  /** The clock's policy of this case: with `events`, what `computeClock` needs to show the clock as of any day. */
  policy?: ClockPolicy;
  stage: ApplicationStage;
  handler: string | null;
  events: ClockEvent[];
  /**
   * As of the last day the case acted: since 'sleep-to-next-instant' it sleeps between the days something is due,
   * so readers show today's clock with `clockAsOf` (client/services/applications.ts).
   */
  clock: ClockResult | null;
  correction: { items: string[]; periodWorkdays: number; received: boolean } | null;
  consultations: Consultation[];
  extension: { requestedBy: string; reason: string; workdays: number; requestedOn: string; decision: 'pending' | 'approved' | 'refused'; decidedBy?: string } | null;
  fee: { amount: number; basis: string; issued: string; payBy: string; paid: string | null; waived?: { on: string; by: string; reason: string } } | null;
  art35: { asked: string; resolution: 'pending' | 'excessive' | 'deadlineSet' } | null;
  decision: Decision | null;
  letter: {
    path: string;
    sha256: string;
    version: number;
    reviewed: boolean;
    /** The child `reviewItem` of this version, and the reviewers who approved it (in order). */
    review?: { workflowId: string; approvedBy: string[]; returned?: string };
  } | null;
  delivery: { method: DeliveryMethod; date: string } | null;
  outcome: string | null;
  closedDate: string | null;
  remindersSent: string[];
  deadlineChanges: DeadlineChange[];
  steps: ApplicationStep[];
  possibleDuplicates: string[];
  /** The notices rendered as documents (since 'notice-documents'), in the order they were issued. */
  notices: RenderedNotice[];
}

/**
 * A notice's own review (since 'notice-review', where the agency's policy for 依申请公开告知书 is switched on): the
 * child `reviewItem` of each round; the applicant's email waits in `email` until the notice is issued.
 */
export interface NoticeReview {
  status: 'inReview' | 'issued' | 'returned';
  round: number;
  workflowId: string;
  /** What the notice was rendered from, so the issued version can be rendered with the day it is signed. */
  vars: Record<string, string | number>;
  email?: { template: string; vars: Record<string, string | number> };
  approvedBy?: string[];
  /** Why the last round did not approve (withdrawn by the handler, or the review failed). */
  returned?: string;
}

/** A notice rendered as a document. `date` is the day it was issued: rendered, or signed after its review. */
export interface RenderedNotice {
  kind: string;
  key: string;
  date: string;
  path: string;
  sha256: string;
  delivered?: { on: string; by: NoticeDeliveryMethod };
  review?: NoticeReview;
}

/** statute §1.8: unless the case says otherwise, the fee payment period stops the reply clock. */
export const DEFAULT_CLOCK_POLICY: ClockPolicy = { feePausesClock: true };

export function initialApplicationState(id: string, policy: ClockPolicy = DEFAULT_CLOCK_POLICY): ApplicationState {
  return {
    id,
    policy,
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

// ---- reading the state ----------------------------------------------------------------------------------

export const policyOf = (s: ApplicationState): ClockPolicy => s.policy ?? DEFAULT_CLOCK_POLICY;

export const lastEventDate = (s: ApplicationState): CivilDate => s.events[s.events.length - 1]?.date ?? '0000-00-00';

export const openConsultation = (s: ApplicationState, party?: string): Consultation | undefined =>
  s.consultations.find((c) => c.ended === null && (!party || c.party === party));

/**
 * The index in `events` of the open notice whose receipt can be recorded: the 补正 notice while the case awaits
 * the correction, the fee notice while it awaits payment, the letter of the open consultation of `party`; -1 if none.
 */
export function openNoticeEvent(s: ApplicationState, notice: ReceiptNotice, party?: ConsultationParty): number {
  const lastIndex = (ok: (e: ClockEvent) => boolean) => {
    for (let i = s.events.length - 1; i >= 0; i--) if (ok(s.events[i])) return i;
    return -1;
  };
  if (notice === 'correction') return s.stage === 'awaitingCorrection' ? lastIndex((e) => e.type === 'correctionRequested') : -1;
  if (notice === 'fee') return s.stage === 'awaitingFee' ? lastIndex((e) => e.type === 'feeNoticeIssued') : -1;
  const open = openConsultation(s, party);
  return open ? lastIndex((e) => e.type === 'consultationStarted' && e.party === open.party) : -1;
}

/** The open clock event a notice document of `kind` went out for (-1 for a notice that starts no period). */
export function noticeEventOfKind(s: ApplicationState, kind: string): number {
  if (kind === 'correction' || kind === 'fee') return openNoticeEvent(s, kind);
  const party = /^consultation-(third-party|other-agency)$/.exec(kind)?.[1] as ConsultationParty | undefined;
  return party ? openNoticeEvent(s, 'consultation', party) : -1;
}

/** The key of the document of a notice whose receipt starts a period: a consultation's is numbered by its place. */
export function noticeDocumentKey(s: ApplicationState, notice: ReceiptNotice, party?: ConsultationParty): string {
  const open = notice === 'consultation' ? openConsultation(s, party) : undefined;
  return open ? `consultation-${s.consultations.indexOf(open) + 1}` : notice;
}

/** Whether the receipt of that open notice is recorded (`deliveredOn`). */
export function receiptRecorded(s: ApplicationState, notice: ReceiptNotice, party?: ConsultationParty): boolean {
  const e = s.events[openNoticeEvent(s, notice, party)] as { deliveredOn?: string } | undefined;
  return e?.deliveredOn !== undefined;
}

/** What `validateDecision` needs to know of the case (第三十条, 第三十二条, 第三十五条). */
export const decisionContext = (s: ApplicationState) => ({
  correctionReceived: s.correction?.received === true,
  art35Asked: s.art35 !== null,
  consultedThirdParty: s.consultations.some((c) => c.party === 'third-party'),
});

/** The values of the `application-assigned` email: with a warning when the register saw possible duplicates. */
export function assignedVars(s: ApplicationState, by: string) {
  const dup = s.possibleDuplicates.length ? `可能重复的申请：${s.possibleDuplicates.join('、')}，请核查（条例第三十六条第（六）项）。` : '';
  return { id: s.id, by, received: s.clock?.received ?? '', due: s.clock?.due ?? '', duplicates: dup };
}
