/**
 * The zod schema of the report data (docs/report-data.md). Structure and types only: the arithmetic of the tables is
 * the job of the checks (checks.ts), which name the cell that is wrong.
 */
import { z } from 'zod';
import { issuePath, safeParseInChinese } from '../issues';
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
const section2Cell = z.union([z.number(), z.string().max(20, '第二部分的单元格最多 20 个字')], {
  error: (issue) => (issue.input === undefined ? '缺少此格（没有的填 0 或“/”）' : '应为数字或简短文字'),
});

/** The message when the value is absent; any other problem gets zod's own rule (in Chinese, see parseReportData). */
const missing = (message: string) => (issue: { input: unknown }) => (issue.input === undefined ? message : undefined);

/** 条例 第五十条 counts: applications and cases are whole, never negative (check C6). */
const count = z
  .number({ error: '应为数字' })
  .int('应为整数')
  .nonnegative('应为非负整数');

const countRow = (length: number) =>
  z.array(count, { error: missing('缺少此行（缺行是错误，不作 0 计）') }).length(length, `应恰为 ${length} 格`);

function section2Schema(format: ReportFormat) {
  const rows: Record<string, z.ZodType> = {};
  for (const block of section2Blocks[format]) {
    for (const row of block.rows) {
      const fields = Object.fromEntries(row.fields.map((f) => [f, section2Cell]));
      rows[row.key] = z.strictObject(fields, { error: missing('缺少此行（没有的填 0 或“/”，不得省略）') });
    }
  }
  return z.strictObject(rows, { error: missing('缺少此部分') });
}

function section3Schema(format: ReportFormat) {
  const rows = Object.fromEntries(section3RowKeys(format).map((k) => [k, countRow(section3Columns.length)]));
  return z.strictObject(rows, { error: missing('缺少此部分') }) as unknown as z.ZodType<Section3Data>;
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
  { error: missing('缺少此部分') },
);

const text = z.string({ error: missing('缺少此部分的文字') });

function reportSchema<F extends ReportFormat>(format: F) {
  return z.strictObject({
    format: z.literal(format),
    agency: z.string({ error: missing('缺少机关名称') }).min(1, '机关名称不得为空'),
    year: z.number({ error: missing('缺少年度') }).int('应为整数').min(2008, '年度应不早于 2008').max(2100, '年度应不晚于 2100'),
    date: z.iso.date('应为 YYYY-MM-DD 格式的日期').optional(),
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
    error: '格式应为 "2021" 或 "2019"',
  }),
);

export type ReportData = z.output<typeof reportDataSchema>;
export type Section4Data = ReportData['section4'];

export type ParseResult = { ok: true; data: ReportData } | { ok: false; errors: string[] };

/**
 * Parses JSON-decoded report data; each error is "path：rule" with the zod path (`section3.granted[2]：应为整数`), zod's
 * own rules (an unknown key, a wrong type) in Chinese and the schema's messages above as written.
 */
export function parseReportData(input: unknown): ParseResult {
  const result = safeParseInChinese(reportDataSchema, input);
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((i) => `${issuePath(i.path) || '（整个文件）'}：${i.message}`),
  };
}
