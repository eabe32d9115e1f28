/**
 * The zod schema of the report data (docs/report-data.md). Structure and types only: the arithmetic of the tables is
 * the job of the checks (checks.ts), which name the cell that is wrong.
 */
import { z } from 'zod';
import {
  section2Blocks,
  section3Columns,
  section3RowKeys,
  section4Columns,
  section4Groups,
  type ReportFormat,
  type Section3RowKey,
  type Section4Group,
} from './template';

/** Section 二 prints what the agency printed: a number, or a short string such as "/", "增", "减2". */
const section2Cell = z.union([z.number(), z.string().max(20, 'a section 二 cell holds at most 20 characters')], {
  error: (issue) => (issue.input === undefined ? 'missing cell (print 0 or "/")' : 'must be a number or a short string'),
});

const missing = (what: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? `missing ${what}` : undefined;

/** 条例 第五十条 counts: applications and cases are whole, never negative (check C6). */
const count = z
  .number({ error: 'must be a number' })
  .int('must be an integer')
  .nonnegative('must be a non-negative integer');

const countRow = (length: number) =>
  z.array(count, { error: missing('row (a missing row is an error, not a zero)') }).length(length, `must have exactly ${length} cells`);

function section2Schema(format: ReportFormat) {
  const rows: Record<string, z.ZodType> = {};
  for (const block of section2Blocks[format]) {
    for (const row of block.rows) {
      const fields = Object.fromEntries(row.fields.map((f) => [f, section2Cell]));
      rows[row.key] = z.strictObject(fields, { error: missing('row (print 0 or "/", never leave it out)') });
    }
  }
  return z.strictObject(rows, { error: missing('section') });
}

function section3Schema(format: ReportFormat) {
  const rows = Object.fromEntries(section3RowKeys(format).map((k) => [k, countRow(section3Columns.length)]));
  return z.strictObject(rows, { error: missing('section') }) as unknown as z.ZodType<Section3Data>;
}

type Only2021Row = 'other.noCorrection' | 'other.feeUnpaid';
/** Seven cells per row in `section3Columns` order; the two 2021-only rows are absent in format "2019". */
export type Section3Data = Record<Exclude<Section3RowKey, Only2021Row>, number[]> &
  Partial<Record<Only2021Row, number[]>>;

const section4Schema = z.strictObject(
  Object.fromEntries(section4Groups.map((g) => [g, countRow(section4Columns.length)])) as Record<
    Section4Group,
    ReturnType<typeof countRow>
  >,
  { error: missing('section') },
);

const text = z.string({ error: missing('text') });

function reportSchema<F extends ReportFormat>(format: F) {
  return z.strictObject({
    format: z.literal(format),
    agency: z.string({ error: missing('agency') }).min(1, 'must not be empty'),
    year: z.number({ error: missing('year') }).int('must be an integer').min(2008).max(2100),
    date: z.iso.date('must be a date YYYY-MM-DD').optional(),
    section1: text,
    section2: section2Schema(format) as z.ZodType<Record<string, Record<string, number | string>>>,
    section3: section3Schema(format),
    section4: section4Schema,
    section5: text,
    section6: text,
  });
}

/** `format` may be left out: "2021" is the default (docs/report-data.md). */
export const reportDataSchema = z.preprocess(
  (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) && !('format' in v) ? { ...v, format: '2021' } : v),
  z.discriminatedUnion('format', [reportSchema('2021'), reportSchema('2019')], {
    error: 'format must be "2021" or "2019"',
  }),
);

export type ReportData = z.output<typeof reportDataSchema>;
export type Section4Data = ReportData['section4'];

export type ParseResult = { ok: true; data: ReportData } | { ok: false; errors: string[] };

/** Parses JSON-decoded report data; each error is "path: rule" with the zod path (`section3.granted[2]`). */
export function parseReportData(input: unknown): ParseResult {
  const result = reportDataSchema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((i) => `${formatPath(i.path) || '(root)'}: ${i.message}`),
  };
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  }
  return out;
}
