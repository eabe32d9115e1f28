/**
 * assembleAnnualReport's messages, input and the pure rules it runs by (deadline, reminder plan, manual
 * parts, section 二 CSV import). Imported by the workflow and by the client; no I/O here.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import { checkReport, parseReportData, type CheckFailure, type NarrativeFacts, type ReportData } from '../../domain/report';
import { section2Blocks } from '../../domain/report/template';
import type { ReportFormat } from '../../domain/outcomes';

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
});
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

export const editArgs = z
  .object({
    actor: userId,
    section1: z.string().max(50_000).optional(),
    /** Section 二 as JSON (docs/report-data.md), or ... */
    section2: z.record(z.string(), z.record(z.string(), z.union([z.number(), z.string().max(20)]))).optional(),
    /** ... as CSV lines `row,field,value` (a header line `row,field,value` is allowed). */
    section2Csv: z.string().max(20_000).optional(),
    section5: z.string().max(50_000).optional(),
    section6: z.string().max(50_000).optional(),
    date: civilDate.optional(),
  })
  .refine((a) => !(a.section2 && a.section2Csv), { message: 'give section2 or section2Csv, not both' });
export type EditArgs = z.input<typeof editArgs>;

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

export const REFUSED = 'Refused';

// ---- pure rules ----

/**
 * 条例 第四十九条: a department publishes last year's report by 31 January, a government (its 主管部门) by
 * 31 March; a local notice's earlier date (MM-DD) wins, the 条例's is the outer bound (docs/report-data.md, "When it is due").
 */
export function reportDeadline(year: number, kind: 'department' | 'government', local?: string): string {
  const statutory = `${year + 1}-${kind === 'department' ? '01-31' : '03-31'}`;
  const earlier = local ? `${year + 1}-${local}` : undefined;
  return earlier && earlier < statutory ? earlier : statutory;
}

const dayMs = 86_400_000;
/** 09:00 Beijing time (01:00Z) of `date` shifted by `days`. */
export function nineAm(date: string, days = 0): number {
  return Date.parse(`${date}T01:00:00.000Z`) + days * dayMs;
}

export interface Alarm {
  at: number;
  kind: 'reminder' | 'escalation' | 'overdue';
  daysLeft: number;
}

/** Reminders counted back from the due date, the escalation before it, and the overdue escalation the day after. */
export function alarmPlan(input: Pick<ReportInput, 'dueDate' | 'reminderDaysBefore' | 'escalateDaysBefore'>): Alarm[] {
  const alarms: Alarm[] = [
    ...[...new Set(input.reminderDaysBefore)].map((d) => ({ at: nineAm(input.dueDate, -d), kind: 'reminder' as const, daysLeft: d })),
    { at: nineAm(input.dueDate, -input.escalateDaysBefore), kind: 'escalation', daysLeft: input.escalateDaysBefore },
    { at: nineAm(input.dueDate, 1), kind: 'overdue', daysLeft: -1 },
  ];
  return alarms.sort((a, b) => a.at - b.at || a.kind.localeCompare(b.kind));
}

/** The manual parts still empty. */
export function missingParts(data: ReportData): string[] {
  const missing: string[] = [];
  if (!data.section1.trim()) missing.push('section1');
  for (const [row, fields] of Object.entries(data.section2)) {
    for (const [field, value] of Object.entries(fields)) if (value === '') missing.push(`section2.${row}.${field}`);
  }
  if (!data.section5.trim()) missing.push('section5');
  if (!data.section6.trim()) missing.push('section6');
  return missing;
}

/** Section 二 from CSV `row,field,value` lines; numbers become numbers, anything else stays text ("/", "增"). */
export function parseSection2Csv(text: string, format: ReportFormat): Record<string, Record<string, number | string>> {
  const known = new Map(section2Blocks[format].flatMap((b) => b.rows.map((r) => [r.key, r.fields] as const)));
  const out: Record<string, Record<string, number | string>> = {};
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || /^\s*row\s*,\s*field\s*,/i.test(line)) return;
    const [row, field, ...rest] = line.split(',').map((c) => c.trim());
    const raw = rest.join(',').replace(/^"(.*)"$/, '$1');
    const fields = known.get(row);
    if (!fields) throw new RangeError(`section2Csv line ${i + 1}: unknown row "${row}"`);
    if (!fields.includes(field)) throw new RangeError(`section2Csv line ${i + 1}: row "${row}" has no field "${field}" (${fields.join(', ')})`);
    (out[row] ??= {})[field] = raw !== '' && /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  });
  return out;
}

/** Applies an edit to the data; throws RangeError naming the field when the result is not valid report data. */
export function applyEdit(data: ReportData, args: z.output<typeof editArgs>): ReportData {
  const section2 = args.section2Csv !== undefined ? parseSection2Csv(args.section2Csv, data.format) : args.section2;
  const merged: Record<string, Record<string, number | string>> = { ...data.section2 };
  for (const [row, fields] of Object.entries(section2 ?? {})) merged[row] = { ...merged[row], ...fields };
  const next = {
    ...data,
    section1: args.section1 ?? data.section1,
    section2: merged,
    section5: args.section5 ?? data.section5,
    section6: args.section6 ?? data.section6,
    ...(args.date ? { date: args.date } : {}),
  };
  const parsed = parseReportData(next);
  if (!parsed.ok) throw new RangeError(parsed.errors.slice(0, 5).join('; '));
  return parsed.data;
}

/**
 * The checks that matter before review (docs/report-data.md): C1–C6; C4 only when last year's report data is given;
 * C8 with the register's figures, or not at all (false) for reports started before C8.
 */
export function reportFailures(data: ReportData, previous: ReportData | undefined, narrative: NarrativeFacts | false): CheckFailure[] {
  return checkReport(data, previous, narrative);
}
