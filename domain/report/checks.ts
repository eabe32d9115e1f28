/**
 * The cross-checks of the annual report (docs/report-data.md, "Checks"): C1–C6 on the tables (C7 is a soft
 * warning and not enforced), C8 the narrative against the tables and the register (narrative.ts). Each failure
 * names the cell: section, row key, column key, expected, actual.
 */
import { outcomeRows } from '../outcomes';
import { checkNarrative, type NarrativeFacts } from './narrative';
import type { ReportData } from './schema';
import {
  section2Blocks,
  section3Columns,
  section3RowKeys,
  section4Columns,
  section4Groups,
  signedSection2Fields,
  type Section3RowKey,
} from './template';

export type CheckId = 'C1' | 'C2' | 'C3' | 'C4' | 'C5' | 'C6' | 'C8';

export interface CheckFailure {
  readonly check: CheckId;
  /** For C8, the narrative section the number was read from. */
  readonly section: '一' | '二' | '三' | '四' | '五' | '六';
  readonly row: string;
  readonly column: string;
  readonly expected: number | string;
  readonly actual: number | string | null;
  /** The rule in words, for the editor. */
  readonly rule: string;
  /** C8: the narrative's clause that holds `actual`. */
  readonly quote?: string;
  /** C8: where `expected` comes from (a table cell or the register). */
  readonly source?: string;
}

const personColumns = section3Columns.length - 1; // the six applicant columns before 总计

function row(data: ReportData, key: Section3RowKey): readonly number[] {
  return (data.section3 as Record<string, number[] | undefined>)[key] ?? [];
}

/**
 * All checks; `previous` is last year's report data, needed for C4 only. `narrative`: what the register knows for
 * C8 ({} checks the narrative against the tables alone), or false to leave C8 out (reports started before it).
 */
export function checkReport(data: ReportData, previous?: ReportData, narrative: NarrativeFacts | false = {}): CheckFailure[] {
  return [
    ...checkC6(data),
    ...checkC1(data),
    ...checkC2(data),
    ...checkC3(data),
    ...(previous ? checkC4(data, previous) : []),
    ...checkC5(data),
    ...(narrative === false || !checkC6(data).every((f) => f.section === '二') ? [] : checkC8(data, narrative)),
  ];
}

/** C8: each number of sections 一, 五 and 六 next to a known quantity equals that quantity (narrative.ts). */
export function checkC8(data: ReportData, facts: NarrativeFacts = {}): CheckFailure[] {
  return checkNarrative(data, facts).map((m) => ({
    check: 'C8', section: m.section, row: m.quantity, column: 'narrative', expected: m.expected, actual: m.narrative,
    rule: '叙述中的数字必须与表格和登记簿一致', quote: m.quote, source: m.source,
  }));
}

/** C1, the template's own note: 一 + 二 = 三（七） + 四, column by column. */
export function checkC1(data: ReportData): CheckFailure[] {
  return section3Columns.flatMap((column, c) => {
    const expected = row(data, 'received')[c] + row(data, 'carriedOver')[c];
    const actual = row(data, 'total')[c] + row(data, 'carriedForward')[c];
    return expected === actual
      ? []
      : [fail('C1', '三', 'total+carriedForward', column, expected, actual, '一 + 二 must equal 三（七）总计 + 四')];
  });
}

/** C2: 三（七）总计 is the sum of the leaf outcome rows of the format (21 in 2021, 19 in 2019). */
export function checkC2(data: ReportData): CheckFailure[] {
  const leaves = outcomeRows(data.format).map((o) => o.key);
  return section3Columns.flatMap((column, c) => {
    const expected = leaves.reduce((sum, key) => sum + row(data, key)[c], 0);
    const actual = row(data, 'total')[c];
    return expected === actual
      ? []
      : [fail('C2', '三', 'total', column, expected, actual, '（七）总计 must equal the sum of rows （一）–（六）')];
  });
}

/** C3: 总计 column = the six applicant columns, on every row (there is no 法人 subtotal column). */
export function checkC3(data: ReportData): CheckFailure[] {
  return section3RowKeys(data.format).flatMap((key) => {
    const cells = row(data, key);
    const expected = cells.slice(0, personColumns).reduce((a, b) => a + b, 0);
    const actual = cells[personColumns];
    return expected === actual
      ? []
      : [fail('C3', '三', key, 'total', expected, actual, '总计 must equal the sum of the six applicant columns')];
  });
}

/** C4 (cross-year): this year's 二、上年结转 = last year's 四、结转下年度继续办理, column by column. */
export function checkC4(data: ReportData, previous: ReportData): CheckFailure[] {
  if (previous.year !== data.year - 1) {
    return [fail('C4', '三', 'carriedOver', 'year', data.year - 1, previous.year, 'the previous report must be of the year before')];
  }
  return section3Columns.flatMap((column, c) => {
    const expected = row(previous, 'carriedForward')[c];
    const actual = row(data, 'carriedOver')[c];
    return expected === actual
      ? []
      : [fail('C4', '三', 'carriedOver', column, expected, actual, `二 must equal the ${previous.year} report's 四`)];
  });
}

/** C5: in section 四, each group's 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结. */
export function checkC5(data: ReportData): CheckFailure[] {
  const totalAt = section4Columns.indexOf('total');
  return section4Groups.flatMap((group) => {
    const cells = data.section4[group];
    const expected = cells.slice(0, totalAt).reduce((a, b) => a + b, 0);
    const actual = cells[totalAt];
    return expected === actual
      ? []
      : [fail('C5', '四', group, 'total', expected, actual, '总计 must equal 维持 + 纠正 + 其他 + 尚未审结')];
  });
}

/**
 * C6: counts are non-negative integers, and nothing is blank (print 0). The schema enforces this for
 * sections 三 and 四 at the file boundary; here it also covers data built in code and section 二,
 * where "/" and similar short strings are allowed but an empty cell or a negative count is not.
 */
export function checkC6(data: ReportData): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  for (const key of section3RowKeys(data.format)) {
    const cells = (data.section3 as Record<string, unknown[] | undefined>)[key];
    section3Columns.forEach((column, c) => {
      const v = cells?.[c];
      if (!isCount(v)) failures.push(fail('C6', '三', key, column, 'non-negative integer', show(v), 'cells are non-negative integers'));
    });
  }
  for (const group of section4Groups) {
    section4Columns.forEach((column, c) => {
      const v = (data.section4[group] as unknown[] | undefined)?.[c];
      if (!isCount(v)) failures.push(fail('C6', '四', group, column, 'non-negative integer', show(v), 'cells are non-negative integers'));
    });
  }
  for (const block of section2Blocks[data.format]) {
    for (const r of block.rows) {
      for (const field of r.fields) {
        const v = data.section2[r.key]?.[field];
        const bad =
          v === undefined ||
          (typeof v === 'string' && v.trim() === '') ||
          (typeof v === 'number' && (!Number.isFinite(v) || (v < 0 && !signedSection2Fields.includes(field))));
        if (bad) {
          failures.push(fail('C6', '二', r.key, field, 'a non-negative number or a printed mark such as "/"', show(v), 'no blank or negative cells (print 0)'));
        }
      }
    }
  }
  return failures;
}

function show(v: unknown): string | number | null {
  return typeof v === 'number' || typeof v === 'string' ? v : v === undefined ? null : JSON.stringify(v);
}

function fail(
  check: CheckId,
  section: CheckFailure['section'],
  row: string,
  column: string,
  expected: number | string,
  actual: number | string | null,
  rule: string,
): CheckFailure {
  return { check, section, row, column, expected, actual, rule };
}

/** One line per failure, as `gongkai report check` prints it. */
export function formatFailure(f: CheckFailure): string {
  if (f.check === 'C8') {
    return `C8 第${f.section}部分 ${f.row}：叙述“${f.quote ?? ''}”中为 ${f.actual}，${f.source ?? '表格'}为 ${f.expected} (${f.rule})`;
  }
  const actual = typeof f.actual === 'string' ? JSON.stringify(f.actual) : String(f.actual);
  return `${f.check} section ${f.section} row ${f.row} column ${f.column}: expected ${f.expected}, actual ${actual} (${f.rule})`;
}
