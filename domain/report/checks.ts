/**
 * The cross-checks of the annual report (docs/report-data.md, "Checks"): C1–C6 on the tables (C7 is a soft
 * warning and not enforced), C8 the narrative against the tables and the register (narrative.ts). Each failure
 * names the cell: section, row key, column key, expected, actual.
 */
import { applicantColumnLabels, isOutcomeKey, legalPersonGroupLabel, outcome, outcomeGroupLabels, outcomeRows, type ApplicantColumn } from '../outcomes';
import { checkNarrative, type NarrativeFacts } from './narrative';
import type { ReportData } from './schema';
import {
  litigationHeading,
  reportFormats,
  section2Blocks,
  section3Columns,
  section3RowKeys,
  section3TopLabels,
  sectionHeadings,
  section4ColumnLabels,
  section4Columns,
  section4GroupLabels,
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
  /** The rule in words, for the editor (Chinese, as the clerk reads it). */
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
      : [fail('C1', '三', 'total+carriedForward', column, expected, actual, '第一项加第二项之和应等于第三项加第四项之和')];
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
      : [fail('C2', '三', 'total', column, expected, actual, '（七）总计应等于（一）至（六）各项之和')];
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
      : [fail('C3', '三', key, 'total', expected, actual, '总计应等于自然人和法人或其他组织各栏之和')];
  });
}

/** C4 (cross-year): this year's 二、上年结转 = last year's 四、结转下年度继续办理, column by column. */
export function checkC4(data: ReportData, previous: ReportData): CheckFailure[] {
  if (previous.year !== data.year - 1) {
    return [fail('C4', '三', 'carriedOver', 'year', data.year - 1, previous.year, '上年报告应为上一年度的报告')];
  }
  return section3Columns.flatMap((column, c) => {
    const expected = row(previous, 'carriedForward')[c];
    const actual = row(data, 'carriedOver')[c];
    return expected === actual
      ? []
      : [fail('C4', '三', 'carriedOver', column, expected, actual, `第二项应等于${previous.year}年度报告的第四项`)];
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
      : [fail('C5', '四', group, 'total', expected, actual, '总计应等于结果维持、结果纠正、其他结果、尚未审结之和')];
  });
}

/** C6's rules, as the clerk reads them. */
const countRule = '应填非负整数，没有的填 0，不得留空';
const section2Rule = '不得留空或填负数，没有的填 0 或“/”';

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
      if (!isCount(v)) failures.push(fail('C6', '三', key, column, '非负整数', show(v), countRule));
    });
  }
  for (const group of section4Groups) {
    section4Columns.forEach((column, c) => {
      const v = (data.section4[group] as unknown[] | undefined)?.[c];
      if (!isCount(v)) failures.push(fail('C6', '四', group, column, '非负整数', show(v), countRule));
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
          failures.push(fail('C6', '二', r.key, field, '非负数或“/”等符号', show(v), section2Rule));
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

/**
 * One line per failure, as `gongkai report check` prints it: the cell named by its row and column in the national
 * template (`C5 第四部分 行政复议 · 总计：应为 1，实为 2（…）`), the code key only where the template has no label.
 */
export const formatFailure = (f: CheckFailure): string => `${f.check} ${failureText(f)}`;

/** The same without the check's number, which means nothing to a clerk: what the console's 校验结果 shows. */
export function failureText(f: CheckFailure): string {
  if (f.check === 'C8') {
    return `第${f.section}部分：叙述“${f.quote ?? ''}”中为 ${f.actual}，${f.source ?? '表格'}为 ${f.expected}（${f.rule}）`;
  }
  return `第${f.section}部分 ${cellName(f)}：应为${shownExpected(f.expected)}，实为${shownActual(f.actual)}（${f.rule}）`;
}

/**
 * A manual part `missingParts` names (`section1`, `section2.fees.amountWan`), as the editor finds it in the
 * template: `一、总体情况`, `第二部分 行政事业性收费 · 本年收费金额（单位：万元）`.
 */
export function missingPartName(part: string): string {
  const [section, row, field] = part.split('.');
  if (section === 'section2' && row && field) return `第二部分 ${section2CellName(row, field)}`;
  const i = ['section1', 'section2', 'section3', 'section4', 'section5', 'section6'].indexOf(section);
  return i >= 0 ? sectionHeadings['2021'][i] : part;
}

/** `应为` a number or the description of what belongs there; `实为` the number, the cell's text in quotes, or its absence. */
function shownExpected(v: number | string): string {
  return typeof v === 'number' ? ` ${v}` : v;
}
function shownActual(v: number | string | null): string {
  if (v === null) return '空缺';
  if (typeof v === 'number') return ` ${v}`;
  return v.trim() === '' ? '空白' : `“${v}”`;
}

function cellName(f: CheckFailure): string {
  if (f.section === '三') {
    // C4 with a previous report of the wrong year: not a cell of the table.
    if (f.column === 'year') return '上年报告的年度';
    const column = Object.hasOwn(applicantColumnLabels, f.column) ? section3ColumnLabel(f.column as ApplicantColumn) : f.column;
    return `${f.row.split('+').map(section3RowLabel).join(' + ')} · ${column}`;
  }
  if (f.section === '四') {
    const group = (section4GroupLabels as Record<string, string | undefined>)[f.row];
    const row = group === undefined ? f.row : f.row === 'reconsideration' ? group : `${litigationHeading} ${group}`;
    return `${row} · ${(section4ColumnLabels as Record<string, string | undefined>)[f.column] ?? f.column}`;
  }
  if (f.section === '二') return section2CellName(f.row, f.column);
  return `${f.row} · ${f.column}`;
}

/** 其他 alone is ambiguous: it is the last of the five 法人或其他组织 columns. */
function section3ColumnLabel(column: ApplicantColumn): string {
  return column === 'otherOrg' ? `${applicantColumnLabels.otherOrg}（${legalPersonGroupLabel}）` : applicantColumnLabels[column];
}

/**
 * The row's text in the template: 一、二、（七）、四 by their own label; an outcome row by its group (without the
 * template's counting note) and, for a numbered sub-row, its number and text.
 */
function section3RowLabel(key: string): string {
  const top = (section3TopLabels as Record<string, string | undefined>)[key];
  if (top !== undefined) return top;
  if (!isOutcomeKey(key)) return key;
  const o = outcome(key);
  const group = outcomeGroupLabels[o.group].replace(/(.)（[^（）]*）$/, '$1');
  return o.label === null ? group : `${group} ${o.label}`;
}

/**
 * Section 二's row and heading. The failure does not carry the format: the row that has this field is the one
 * meant (the two formats' rows of a key differ in their fields), the 2021 one where both have it.
 */
function section2CellName(rowKey: string, field: string): string {
  const rows = reportFormats.flatMap((format) =>
    section2Blocks[format].flatMap((block) => block.rows.filter((r) => r.key === rowKey).map((r) => ({ r, block }))),
  );
  const hit = rows.find(({ r }) => r.fields.includes(field));
  if (hit) return `${hit.r.label} · ${hit.block.headings[hit.r.fields.indexOf(field)] ?? field}`;
  return `${rows[0]?.r.label ?? rowKey} · ${field}`;
}
