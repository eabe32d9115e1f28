/**
 * The rules the annual report's process runs by (条例 第四十九条): when it is due, when the editor is reminded,
 * which manual parts are still empty, and how an edit changes the data. Pure: the workflow applies them.
 */
import { z } from 'zod';
import type { ReportFormat } from '../outcomes';
import { parseReportData, type ReportData } from './schema';
import { section2Blocks } from './template';

const userId = z.string().regex(/^[a-z][a-z0-9._-]{1,40}$/, '应为用户名（小写字母开头，由小写字母、数字和 . _ - 组成）');
const civilDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '应为 YYYY-MM-DD 格式的日期');

export const reportEditSchema = z
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
  .refine((a) => !(a.section2 && a.section2Csv), { message: 'section2 与 section2Csv 只能提交其中一项' });
export type ReportEdit = z.input<typeof reportEditSchema>;

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
export function alarmPlan(input: { dueDate: string; reminderDaysBefore: number[]; escalateDaysBefore: number }): Alarm[] {
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

export interface Section2Cell { row: string; field: string; value: string; line: number }

/**
 * Section 二 from `row,field,value` cells (however they were read); numbers become numbers, anything else stays
 * text ("/", "增"). An unknown row or field throws a RangeError naming its line and what is allowed.
 */
export function section2FromCells(cells: Section2Cell[], format: ReportFormat): Record<string, Record<string, number | string>> {
  const blocks = section2Blocks[format];
  const known = new Map(blocks.flatMap((b) => b.rows.map((r) => [r.key, { label: r.label, fields: r.fields, headings: b.headings }] as const)));
  const out: Record<string, Record<string, number | string>> = {};
  for (const { row, field, value, line } of cells) {
    const r = known.get(row);
    if (!r) {
      const rows = [...known].map(([key, k]) => `${key}（${k.label}）`).join('、');
      throw new RangeError(`section2Csv 第 ${line} 行：第二部分没有“${row}”这一项，可填：${rows}`);
    }
    const { fields } = r;
    if (!fields.includes(field)) {
      const columns = fields.map((f, i) => `${f}（${r.headings[i]}）`).join('、');
      throw new RangeError(`section2Csv 第 ${line} 行：“${row}”（${r.label}）没有“${field}”这一栏，可填：${columns}`);
    }
    (out[row] ??= {})[field] = value !== '' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  return out;
}

/**
 * The CSV as edits recorded before the service layer parsed it (with a CSV library, client/services/reportCsv.ts)
 * carried it into the workflow: kept only so those histories replay. New edits send section 二 as JSON.
 */
export function parseSection2Csv(text: string, format: ReportFormat): Record<string, Record<string, number | string>> {
  const cells: Section2Cell[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || /^\s*row\s*,\s*field\s*,/i.test(line)) return;
    const [row, field, ...rest] = line.split(',').map((c) => c.trim());
    cells.push({ row, field, value: rest.join(',').replace(/^"(.*)"$/, '$1'), line: i + 1 });
  });
  return section2FromCells(cells, format);
}

/** Applies an edit to the data; throws RangeError naming the field when the result is not valid report data. */
export function applyEdit(data: ReportData, args: z.output<typeof reportEditSchema>): ReportData {
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
  if (!parsed.ok) throw new RangeError(parsed.errors.slice(0, 5).join('；'));
  return parsed.data;
}

