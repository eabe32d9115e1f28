/**
 * assembleAnnualReport's messages and input. The rules it runs by (deadline, reminder plan, manual parts, edits)
 * are in domain/report/process.ts. Imported by the workflow and by the client; no I/O here.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { FailureKind } from '../../domain/failures';
import { z } from 'zod';
import { reportEditSchema, type CheckFailure, type NarrativeFacts, type ReportData, type ReportEdit } from '../../domain/report';

export const REPORT_CATEGORY = '政府信息公开年度报告';
export const reportWorkflowId = (agencyCode: string, year: number) => `report-${agencyCode}-${year}`;

const userId = z.string().regex(/^[a-z][a-z0-9._-]{1,40}$/, 'a user id');
const civilDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

export const reportInputSchema = z.object({
  agencyCode: z.string().regex(/^[A-Za-z0-9]{2,16}$/),
  agency: z.string().min(1),
  /** The reporting year (1 January – 31 December). */
  year: z.number().int().min(2008).max(2100),
  format: z.enum(['2021', '2019']).default('2021'),
  /** Who fills in the manual parts and is reminded (the disclosure office's editor). */
  editor: userId,
  /** Publish by this day (Beijing time): reportDeadline() of the agency's kind and local date. */
  dueDate: civilDate,
  /** Reminders to the editor at 09:00 on these days before dueDate while unpublished. */
  reminderDaysBefore: z.array(z.number().int().min(0).max(60)).default([14, 7, 3, 1]),
  /** Escalation to the supervisors this many days before dueDate if unpublished, and again once it has passed. */
  escalateDaysBefore: z.number().int().min(0).max(30).default(2),
  /**
   * 'reviewItem' (default): a child reviewItem of category 政府信息公开年度报告 (the agency head signs off).
   * 'signOff': a single step, the agency head's signOff update, for deployments without the review workflow.
   */
  review: z.enum(['reviewItem', 'signOff']).default('reviewItem'),
  /** The section (科室) named on the review item. */
  section: z.string().min(1).default('政务公开办公室'),
  /** Set only by the workflow itself when it continues as new (issue 16): the report as the previous run left it. */
  continued: z.custom<ContinuedReport>((v) => typeof v === 'object' && v !== null).optional(),
  /**
   * Tests only: continue as new once the history passes this many events instead of `CONTINUE_AS_NEW_AFTER_EVENTS`
   * (assembleAnnualReport.ts), so a test can force it with a short history. Kept across the continuation.
   */
  continueAsNewAfterEvents: z.number().int().positive().optional(),
});

/**
 * What a run of `assembleAnnualReport` hands to the next when it continues as new (only while the editor works on
 * the report: no child review is running then): the report and its figures, the change counters the updates wait
 * on, the contacts, and how far the reminders have gone (so none is sent twice and none is skipped).
 */
export interface ContinuedReport {
  state: ReportState;
  data: ReportData | null;
  previous: ReportData | null;
  section1Counts: Record<string, number>;
  facts: NarrativeFacts;
  notice: string | null;
  reviewItemId: string | null;
  changes: number;
  round: number;
  contacts: { editor: string[]; supervisors: string[]; consoleUrl: string };
  /** When the first run started (reminders due before it were never sent). */
  startedAt: number;
  /** Reminders and escalations sent so far, in the plan's order, and when the last was sent. */
  alarmsSent: number;
  lastAlarmAt: number;
  /** The `patched()` answers of the first run. */
  flags: { tracked: boolean; crossYear: boolean; narrativeChecked: boolean; earlyEditsSaved: boolean };
  /** How many runs came before this one. */
  runs: number;
}
export type AssembleAnnualReportInput = z.input<typeof reportInputSchema>;
export type ReportInput = z.output<typeof reportInputSchema>;

export type ReportState = 'assembling' | 'awaitingInput' | 'review' | 'publishing' | 'published';

export interface PublishedFile {
  format: 'html' | 'docx';
  path: string;
  url: string;
  sha256: string;
}

/** What the editor sees (query `state`, and every update's result). */
export interface ReportView {
  state: ReportState;
  year: number;
  dueDate: string;
  data: ReportData | null;
  section1Counts: Record<string, number>;
  /** Manual parts still empty: section1, section2.<row>.<field>, section5, section6. */
  missing: string[];
  /** The checks C1–C6 and C8 on the current data (C4 against last year's report when the register holds it). */
  failures: CheckFailure[];
  /** Why the last submission or review came back, for the editor. */
  notice: string | null;
  reviewItemId: string | null;
  files: PublishedFile[];
  publishedAt: string | null;
}

export const editArgs = reportEditSchema;
export type EditArgs = ReportEdit;

export const submitArgs = z.object({ actor: userId });
export type SubmitArgs = z.input<typeof submitArgs>;

export const signOffArgs = z.object({
  actor: z.object({ id: userId, groups: z.array(z.string()).default([]) }),
  approve: z.boolean(),
  reason: z.string().max(2000).optional(),
});
export type SignOffArgs = z.input<typeof signOffArgs>;

/** The editor fills in manual parts (section 二 as JSON or CSV, narratives 一, 五, 六); returns the view with the checks. */
export const editReportUpdate = defineUpdate<ReportView, [EditArgs]>('edit');
/** The editor sends the report to review; refused (update error, type Refused) while parts are missing or a check fails. */
export const submitReportUpdate = defineUpdate<ReportView, [SubmitArgs]>('submit');
/** review: 'signOff' only: the agency head approves (→ publication) or returns it to the editor with a reason. */
export const signOffUpdate = defineUpdate<ReportView, [SignOffArgs]>('signOff');
/** The report as it stands. */
export const reportStateQuery = defineQuery<ReportView>('state');

/** The failure types of this workflow's refusals, from the one set of `domain/failures.ts`: a rule refused; the input is malformed. */
export const REFUSED = 'Refused' satisfies FailureKind;
export const INVALID = 'Invalid' satisfies FailureKind;
